package dev.creatorhub.auth.service;

import dev.creatorhub.shared.cache.StampedCache;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.function.Function;

/**
 * Recently read users, for the hot read paths ({@code GET /users/me}, lookups by other domains).
 * The documents it returns are shared: callers only read them (the views copy what they show).
 * Writes invalidate on every node (see {@link Users#update}); a load that overlapped any
 * invalidation is not cached, so a stale copy cannot be put back. Decisions that matter (sign-in,
 * refresh, status) always read MongoDB.
 */
final class UserCache {

  private final StampedCache<String, JsonObject> cache = StampedCache.of(50_000, Duration.ofSeconds(30));
  // The user's own view, already encoded: GET /users/me is the hottest read and then costs no JSON work.
  private final StampedCache<String, Buffer> ownViews = StampedCache.of(50_000, Duration.ofSeconds(30));
  private final Function<String, Future<JsonObject>> loader;

  UserCache(Function<String, Future<JsonObject>> loader) {
    this.loader = loader;
  }

  Future<JsonObject> get(String id) {
    return cache.get(id, loader)
        .compose(user -> user == null ? Future.failedFuture(new ApiException(404, "No such user.")) : Future.succeededFuture(user));
  }

  /** {@code view} of the user, encoded once and reused until the user changes. */
  Future<Buffer> encodedOwnView(String id, Function<JsonObject, JsonObject> view) {
    return ownViews.get(id, key -> get(key).map(user -> view.apply(user).toBuffer()));
  }

  void invalidate(String id) {
    cache.invalidate(id);
    ownViews.invalidate(id);
  }
}
