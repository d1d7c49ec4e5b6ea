package dev.creatorhub.shared.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** What the gateway offers the endpoints it mounts: body handling, auth, rate limits, bus calls. */
public interface Routes {

  Vertx vertx();

  JsonObject config();

  /** Reads a JSON body up to the configured limit (413 beyond it). Pair with {@code route.consumes}. */
  Handler<RoutingContext> jsonBody();

  /** Reads a body up to {@code maxBytes}. */
  Handler<RoutingContext> body(long maxBytes);

  /** 401 unless the request carries a valid access token. */
  Handler<RoutingContext> authenticated();

  /** 401 without a token, 403 unless the caller has one of the roles. */
  Handler<RoutingContext> role(String... roles);

  /** Counts the request against the named rate-limit group (config {@code rateLimits.groups}). */
  Handler<RoutingContext> rateLimit(String group);

  /**
   * Requests {@code address} with the caller's verified identity in the headers; a failure comes
   * back as an {@link dev.creatorhub.shared.error.ApiException} ready for the failure handler.
   */
  <T> Future<T> request(RoutingContext ctx, String address, Object body);

  /** As {@link #request(RoutingContext, String, Object)}, for work known to take longer than the usual timeout. */
  <T> Future<T> request(RoutingContext ctx, String address, Object body, long timeoutMs);
}
