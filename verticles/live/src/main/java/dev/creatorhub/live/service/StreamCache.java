package dev.creatorhub.live.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.live.store.StreamStore;
import dev.creatorhub.shared.cache.ClusterCache;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Streams as room commands read them, cached for a few seconds (every chat message reads its stream);
 * every write drops the cached copy on every instance ({@link ClusterCache}: single-flight loads,
 * the race stamp). Usernames for room messages, too.
 */
final class StreamCache {

  /** Published cluster-wide with a stream id whenever the stream document changes. */
  private static final String CHANGED = "live.stream.changed";
  /** Read by every chat message: compiled once, not per call as {@code String.matches} does. */
  private static final Pattern STREAM_ID = Pattern.compile("[0-9a-f-]{36}");

  private final StreamStore store;
  private final AuthClient auth;
  private final Clock clock;
  private final ClusterCache<JsonObject> streams;
  private final Cache<String, String> usernames = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterWrite(Duration.ofMinutes(10)).build();

  StreamCache(Vertx vertx, StreamStore store, AuthClient auth, Clock clock) {
    this.streams = ClusterCache.of(vertx, CHANGED, 10_000, Duration.ofSeconds(5));
    this.store = store;
    this.auth = auth;
    this.clock = clock;
  }

  Future<Void> listen() {
    return streams.listen();
  }

  Future<JsonObject> stream(String streamId) {
    if (streamId == null || !STREAM_ID.matcher(streamId).matches()) {
      return Future.failedFuture(new ApiException(404, "No such stream."));
    }
    return streams.get(streamId, store::byId)
        .compose(found -> found == null ? Future.failedFuture(new ApiException(404, "No such stream.")) : Future.succeededFuture(found));
  }

  Future<JsonObject> live(String streamId) {
    return stream(streamId).compose(stream -> "LIVE".equals(stream.getString("status")) ? Future.succeededFuture(stream)
        : Future.failedFuture(new ApiException(409, "The stream is not live.")));
  }

  Future<JsonObject> owned(String streamId, String userId) {
    return stream(streamId).compose(stream -> userId.equals(stream.getString("creatorId")) ? Future.succeededFuture(stream)
        : Future.failedFuture(new ApiException(403, "Only the stream's creator can do this.")));
  }

  /** Applies an update and drops every cached copy before answering. */
  Future<JsonObject> write(String streamId, JsonObject update) {
    update.put("$set", update.getJsonObject("$set", new JsonObject()).put("updatedAt", clock.instant().toString()));
    return store.update(streamId, update).map(updated -> {
      changed(streamId);
      return updated;
    });
  }

  void changed(String streamId) {
    streams.invalidateEverywhere(streamId);
  }

  Future<String> username(String userId) {
    String cached = usernames.getIfPresent(userId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return auth.user(userId).map(user -> {
      usernames.put(userId, user.username());
      return user.username();
    });
  }
}
