package dev.creatorhub.live.service;

import dev.creatorhub.live.LiveSettings;
import dev.creatorhub.live.store.RoomLog;
import dev.creatorhub.live.store.RoomRecords;
import dev.creatorhub.live.store.RoomState;
import dev.creatorhub.live.store.StreamStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is in which room (from the bridge's reports, counted per user across sockets and nodes),
 * the viewer counts pushed to each room, and streams whose creator went away.
 */
public final class Presence {

  private static final Logger LOG = LoggerFactory.getLogger(Presence.class);

  private final StreamStore store;
  private final RoomRecords records;
  private final RoomState state;
  private final RoomLog log;
  private final StreamCache cache;
  private final StreamLifecycle lifecycle;
  private final LiveSettings settings;
  private final Clock clock;
  private final Set<Future<Void>> inFlight = new HashSet<>();

  Presence(StreamStore store, RoomRecords records, RoomState state, RoomLog log, StreamCache cache, StreamLifecycle lifecycle,
           LiveSettings settings, Clock clock) {
    this.store = store;
    this.records = records;
    this.state = state;
    this.log = log;
    this.cache = cache;
    this.lifecycle = lifecycle;
    this.settings = settings;
    this.clock = clock;
  }

  /** From the bridge: a socket of this user started or stopped listening to a room (any node). */
  public void report(JsonObject report) {
    String address = report.getString("address", "");
    if (!address.startsWith("live.room.")) {
      return;
    }
    String streamId = address.substring("live.room.".length());
    String userId = report.getString("userId");
    boolean present = report.getBoolean("present", false);
    Future<Void> update = state.sockets(streamId, userId, present ? 1 : -1).compose(sockets -> {
      String now = clock.instant().toString();
      if (present && sockets == 1) {
        return records.joined(streamId, userId, now);
      }
      if (!present && sockets <= 0) {
        return state.gone(streamId, userId).compose(r -> records.left(streamId, userId, now));
      }
      return Future.succeededFuture();
    });
    inFlight.add(update);
    update.onComplete(ar -> inFlight.remove(update)).onFailure(err -> LOG.warn("presence update failed: {}", err.toString()));
  }

  /** The reports being recorded now (a stopping node waits for them before it closes Redis). */
  public Future<Void> settled() {
    List<Future<Void>> pending = new ArrayList<>(inFlight);
    return Future.join(pending).<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * Every period, one instance in the cluster (a Redis lock per stream) counts each live stream's
   * viewers, keeps the peak and tells the room; and ends the stream when its creator is away.
   */
  public Future<Void> pushViewerCounts() {
    long period = settings.viewersPushMs();
    return store.liveIds().map(live -> {
      live.forEach(id -> state.tick(id, Math.max(100, period - 100))
          .compose(mine -> !mine ? Future.succeededFuture()
              : state.viewerCount(id).compose(viewers -> store.viewers(id, viewers)
                      // Not sequenced nor kept in the backlog: a count is stale at once, and a tick every
                      // few seconds would push the chat a reconnecting viewer needs out of it.
                      .onSuccess(r -> log.publish(id, new JsonObject().put("type", "VIEWERS").put("count", viewers)))
                      .<Void>mapEmpty())
                  .compose(v -> endIfCreatorAway(id)))
          .onFailure(err -> LOG.debug("viewer count of {} not pushed: {}", id, err.toString())));
      return null;
    });
  }

  /**
   * A live stream whose creator has not been connected to its room for {@code creatorAwaySeconds}
   * (counted from the start when they never came) ends by itself.
   */
  private Future<Void> endIfCreatorAway(String streamId) {
    long awayMs = settings.creatorAwaySeconds() * 1000;
    return cache.stream(streamId).compose(stream -> {
      if (!"LIVE".equals(stream.getString("status"))) {
        return Future.succeededFuture();
      }
      long now = clock.millis();
      return state.present(streamId, stream.getString("creatorId")).compose(here -> {
        if (here) {
          return state.creatorSeen(streamId, now, settings.backlogKeepSeconds());
        }
        return state.creatorLastSeen(streamId).compose(seen -> {
          long last = seen != null ? seen : Instant.parse(stream.getString("startedAt")).toEpochMilli();
          return now - last < awayMs ? Future.succeededFuture()
              : lifecycle.transition(stream, "end", "creator_away").<Void>mapEmpty()
                  .onSuccess(v -> LOG.info("ended stream {}: its creator was away for {} s", streamId, (now - last) / 1000));
        });
      });
    });
  }
}
