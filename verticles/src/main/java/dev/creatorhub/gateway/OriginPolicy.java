package dev.creatorhub.gateway;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.List;
import java.util.Set;

/**
 * Which browser origins may call us: our own (the request's Host) always, others only from the
 * configured allow-list. Used for CORS and for the event-bus bridge's WebSocket origin check.
 */
final class OriginPolicy {

  private final List<String> allowed;
  private final CorsHandler cors;

  OriginPolicy(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
    this.cors = allowed.isEmpty() ? null : CorsHandler.create()
        .addOrigins(this.allowed)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"))
        .exposedHeaders(Set.of("X-Request-Id", "Retry-After", "Location"))
        .maxAgeSeconds(600);
  }

  /** The authority the client addressed ({@code Host} in HTTP/1.1, {@code :authority} in HTTP/2). */
  static String host(io.vertx.core.http.HttpServerRequest request) {
    io.vertx.core.net.HostAndPort authority = request.authority();
    if (authority == null) {
      return null;
    }
    return authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
  }

  boolean allows(String origin, String host) {
    return origin == null || sameOrigin(origin, host) || allowed.contains(origin);
  }

  private static boolean sameOrigin(String origin, String host) {
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  /** CORS for cross-origin requests; same-origin and non-browser requests pass untouched. */
  Handler<RoutingContext> corsHandler() {
    return ctx -> {
      String origin = ctx.request().getHeader("Origin");
      String host = host(ctx.request());
      if (origin == null || sameOrigin(origin, host)) {
        ctx.next();
      } else if (cors == null || !allowed.contains(origin)) {
        ctx.fail(new ApiException(403, "Origin " + origin + " is not allowed."));
      } else {
        cors.handle(ctx);
      }
    };
  }
}
