package dev.creatorhub.auth.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.creatorhub.auth.AuthAddresses;
import dev.creatorhub.shared.web.RequestUser;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /users/me} answered at the gateway from the last view the auth domain sent, already
 * encoded. Every write to a user is announced cluster-wide on {@link AuthAddresses#CACHE_INVALIDATE}
 * before the writer is answered, which drops the copy here; a view fetched while an invalidation
 * arrived is not kept. Authentication (token, revocation) still runs on every request.
 */
final class OwnViews {

  private final Cache<String, Buffer> views = Caffeine.newBuilder()
      .maximumSize(50_000)
      .expireAfterWrite(Duration.ofSeconds(30))
      .build();
  private final AtomicLong invalidations = new AtomicLong();

  OwnViews(Vertx vertx) {
    vertx.eventBus().<String>consumer(AuthAddresses.CACHE_INVALIDATE, msg -> {
      invalidations.incrementAndGet();
      views.invalidate(msg.body());
    });
  }

  void get(RoutingContext ctx, Routes routes) {
    String userId = RequestUser.of(ctx).id();
    Buffer cached = views.getIfPresent(userId);
    if (cached != null) {
      Responses.json(ctx, 200, cached);
      return;
    }
    long stamp = invalidations.get();
    routes.<Buffer>request(ctx, AuthAddresses.ME, new JsonObject()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      if (invalidations.get() == stamp) {
        views.put(userId, ar.result());
      }
      Responses.json(ctx, 200, ar.result());
    });
  }
}
