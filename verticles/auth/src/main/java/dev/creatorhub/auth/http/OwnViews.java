package dev.creatorhub.auth.http;

import dev.creatorhub.auth.AuthAddresses;
import dev.creatorhub.shared.cache.ClusterCache;
import dev.creatorhub.shared.web.RequestUser;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * {@code GET /users/me} answered at the gateway from the last view the auth domain sent, already
 * encoded. Every write to a user is announced cluster-wide on {@link AuthAddresses#CACHE_INVALIDATE}
 * before the writer is answered, which drops the copy here; a view fetched while an invalidation
 * arrived is not kept. Authentication (token, revocation) still runs on every request.
 */
final class OwnViews {

  private final ClusterCache<Buffer> views;

  OwnViews(Vertx vertx) {
    views = ClusterCache.of(vertx, AuthAddresses.CACHE_INVALIDATE, 50_000, Duration.ofSeconds(30));
    // Not awaited (routes are added synchronously): a write in the first milliseconds of a gateway
    // could leave a copy here for at most the 30 s time to live.
    views.listen();
  }

  void get(RoutingContext ctx, Routes routes) {
    String userId = RequestUser.of(ctx).id();
    Responses.reply(ctx, 200, views.get(userId, id -> routes.<Buffer>request(ctx, AuthAddresses.ME, new JsonObject())));
  }
}
