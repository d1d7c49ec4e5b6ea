package dev.creatorhub.live.service;

import dev.creatorhub.shared.money.Money;
import dev.creatorhub.live.LiveSettings;
import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.live.store.RoomLog;
import dev.creatorhub.live.store.RoomRecords;
import dev.creatorhub.live.store.StreamStore;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.text.DisplayText;
import dev.creatorhub.shared.paging.Cursor;
import dev.creatorhub.shared.paging.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** A creator schedules, edits, starts, ends and cancels her streams; who may moderate them; what a ticket costs. */
public final class StreamLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(StreamLifecycle.class);

  private final StreamStore store;
  private final RoomRecords records;
  private final StreamCache cache;
  private final StreamViews views;
  private final RoomLog log;
  private final AgoraRest agora;
  private final LiveSettings settings;
  private final String currency;
  private final Clock clock;

  StreamLifecycle(StreamStore store, RoomRecords records, StreamCache cache, StreamViews views, RoomLog log, AgoraRest agora,
                  LiveSettings settings, Clock clock) {
    this.store = store;
    this.records = records;
    this.cache = cache;
    this.views = views;
    this.log = log;
    this.agora = agora;
    this.settings = settings;
    this.currency = settings.currency();
    this.clock = clock;
  }

  public Future<JsonObject> get(String streamId) {
    return cache.stream(streamId).map(views::view);
  }

  public Future<JsonObject> create(String creatorId, JsonObject request) {
    JsonObject body = LiveSchemas.CREATE_STREAM.check(request);
    String access = body.getString("access");
    JsonObject price = body.getJsonObject("ticketPrice");
    if ("TICKET".equals(access)) {
      if (price == null || !currency.equals(price.getString("currency", currency))
          || !Money.of(price.getLong("amount"), currency).within(settings.minTicketPrice(), settings.maxTicketPrice())) {
        throw new ApiException(400, "A ticketed stream needs a ticketPrice between " + settings.minTicketPrice() + " and "
            + settings.maxTicketPrice() + " " + currency + " (minor units).");
      }
    } else if (price != null) {
      throw new ApiException(400, "Only TICKET streams have a ticketPrice.");
    }
    Instant scheduled = body.getString("scheduledStartTime") == null ? null : Instant.parse(body.getString("scheduledStartTime"));
    String now = clock.instant().toString();
    return cache.username(creatorId).compose(username -> {
      JsonObject stream = new JsonObject().put("_id", UUID.randomUUID().toString())
          .put("creatorId", creatorId).put("creatorUsername", username)
          .put("title", StreamViews.title(body.getString("title"))).put("description", DisplayText.bio(body.getString("description", "")))
          .put("access", access).put("ticketPrice", price == null ? null : Money.of(price.getLong("amount"), currency).toJson())
          .put("status", "SCHEDULED").put("scheduledStartTime", scheduled == null ? null : scheduled.toString())
          .put("settings", new JsonObject().put("chatEnabled", body.getBoolean("chatEnabled", true))
              .put("tipsEnabled", body.getBoolean("tipsEnabled", true)).put("recordingEnabled", body.getBoolean("recordingEnabled", false))
              .put("slowModeSeconds", 0))
          .put("moderators", new JsonArray()).put("banned", new JsonArray())
          .put("stats", new JsonObject().put("viewerCount", 0).put("peakViewers", 0).put("totalTips", 0L))
          .put("createdAt", now).put("updatedAt", now);
      return store.insert(stream).map(id -> views.view(stream));
    });
  }

  public Future<JsonObject> list(String status, String creator, JsonObject paging) {
    if (!Set.of("SCHEDULED", "LIVE", "ENDED", "CANCELLED").contains(status)) {
      return Future.failedFuture(new ApiException(400, "status is SCHEDULED, LIVE, ENDED or CANCELLED."));
    }
    PageRequest page = PageRequest.of(paging, 50, 100);
    String field = StreamStore.orderField(status);
    return store.withStatus(status, creator == null ? null : creator.toLowerCase(Locale.ROOT),
            page.afterKey(), page.afterId(), page.fetch())
        .map(found -> page.slice(found, s -> new Cursor(s.getString(field, ""), s.getString("_id"))).toJson(views::view));
  }

  public Future<JsonObject> update(String userId, String streamId, JsonObject request) {
    JsonObject body = LiveSchemas.UPDATE_STREAM.check(request);
    return cache.owned(streamId, userId).compose(stream -> {
      JsonObject set = new JsonObject();
      if (body.containsKey("title")) {
        set.put("title", StreamViews.title(body.getString("title")));
      }
      if (body.containsKey("description")) {
        set.put("description", DisplayText.bio(body.getString("description")));
      }
      for (String field : List.of("chatEnabled", "tipsEnabled", "recordingEnabled")) {
        if (body.containsKey(field)) {
          set.put("settings." + field, body.getBoolean(field));
        }
      }
      if (body.containsKey("slowModeSeconds")) {
        set.put("settings.slowModeSeconds", body.getInteger("slowModeSeconds"));
      }
      if (body.containsKey("scheduledStartTime")) {
        if (!"SCHEDULED".equals(stream.getString("status"))) {
          return Future.failedFuture(new ApiException(409, "Only a scheduled stream can be rescheduled."));
        }
        set.put("scheduledStartTime", Instant.parse(body.getString("scheduledStartTime")).toString());
      }
      return cache.write(stream.getString("_id"), new JsonObject().put("$set", set)).map(views::view);
    });
  }

  /** start (SCHEDULED → LIVE), end (LIVE → ENDED), cancel (SCHEDULED → CANCELLED), each once, by the stream's creator. */
  public Future<JsonObject> transition(String userId, String streamId, String action) {
    return cache.owned(streamId, userId).compose(stream -> transition(stream, action, null));
  }

  /** {@code reason} says why the platform ended a stream (null when its creator did). */
  Future<JsonObject> transition(JsonObject stream, String action, String reason) {
    String id = stream.getString("_id");
    String now = clock.instant().toString();
    String from = "end".equals(action) ? "LIVE" : "SCHEDULED";
    String to = switch (action) {
      case "start" -> "LIVE";
      case "end" -> "ENDED";
      case "cancel" -> "CANCELLED";
      default -> throw new ApiException(400, "Unknown action.");
    };
    if (!from.equals(stream.getString("status"))) {
      return Future.failedFuture(new ApiException(409, "The stream is " + stream.getString("status") + "."));
    }
    JsonObject set = new JsonObject().put("status", to).put("updatedAt", now);
    JsonObject update = new JsonObject().put("$set", set);
    if ("start".equals(action)) {
      set.put("startedAt", now).put("liveCreator", stream.getString("creatorId"));
      Outbox.push(update, Outbox.event(LiveAddresses.TOPIC_STREAM_STARTED, stream.getString("creatorId"),
          StreamViews.summary(stream.copy().mergeIn(set))));
    } else if ("end".equals(action)) {
      set.put("endedAt", now).put("durationSeconds", Duration.between(Instant.parse(stream.getString("startedAt")), Instant.parse(now)).toSeconds());
      update.put("$unset", new JsonObject().put("liveCreator", ""));
      if (reason != null) {
        set.put("endedReason", reason);
      }
    }
    // Chat reaches Kafka aggregated: the number of messages rides on stream.ended.
    Future<Long> chatted = "end".equals(action) ? records.messageCount(id) : Future.succeededFuture(0L);
    return chatted.compose(messages -> {
      if ("end".equals(action)) {
        Outbox.push(update, Outbox.event(LiveAddresses.TOPIC_STREAM_ENDED, stream.getString("creatorId"),
            StreamViews.summary(stream.copy().mergeIn(set)).put("messages", messages)));
      }
      return store.transition(id, from, update)
          .recover(err -> Mongo.isDuplicateKey(err) ? alreadyLive(stream.getString("creatorId")) : Future.failedFuture(err))
          .compose(updated -> {
            if (updated == null) {
              return Future.failedFuture(new ApiException(409, "The stream changed meanwhile; try again."));
            }
            cache.changed(id);
            record(action, updated);
            Future<?> announced = "cancel".equals(action) ? Future.succeededFuture()
                : log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "start".equals(action) ? "STREAM_STARTED" : "STREAM_ENDED")
                    .put("reason", reason));
            return announced.map(v -> views.view(updated));
          });
    });
  }

  private <T> Future<T> alreadyLive(String creatorId) {
    return store.liveStreamOf(creatorId)
        .compose(other -> Future.failedFuture(new ApiException(409, "Conflict", "You are already live in another stream; end it first.",
            new JsonObject().put("liveStreamId", other))));
  }

  /**
   * Agora cloud recording follows the stream when it asked for one; a recording that fails to start
   * does not stop the stream going live (logged, and the stream shows no recording).
   */
  private void record(String action, JsonObject stream) {
    String id = stream.getString("_id");
    boolean wanted = stream.getJsonObject("settings").getBoolean("recordingEnabled", false) && agora.enabled();
    if ("start".equals(action) && wanted) {
      agora.startRecording(id)
          .compose(recording -> cache.write(id, new JsonObject().put("$set", new JsonObject().put("recording", recording))))
          .onFailure(err -> LOG.warn("recording of stream {} did not start: {}", id, err.toString()));
    } else if ("end".equals(action) && stream.getJsonObject("recording") != null) {
      agora.stopRecording(id, stream.getJsonObject("recording"))
          .compose(stopped -> cache.write(id, new JsonObject().put("$set", new JsonObject().put("recording.stoppedAt", clock.instant().toString())
              .put("recording.files", stopped.getJsonObject("serverResponse", new JsonObject()).getValue("fileList")))))
          .onFailure(err -> LOG.warn("recording of stream {} did not stop cleanly: {}", id, err.toString()));
    }
  }

  /** For a ticket purchase: who sells it, how the stream is watched (CLOSED once over) and the price. */
  public Future<JsonObject> offer(String streamId) {
    return cache.stream(streamId).map(stream -> {
      boolean open = Set.of("SCHEDULED", "LIVE").contains(stream.getString("status"));
      return new JsonObject().put("creatorId", stream.getString("creatorId")).put("access", open ? stream.getString("access") : "CLOSED")
          .put("ticketPrice", stream.getJsonObject("ticketPrice"));
    });
  }

  public Future<JsonObject> moderators(String userId, String streamId, String moderator, boolean add) {
    if (moderator == null || !moderator.matches("[0-9a-f-]{36}")) {
      return Future.failedFuture(new ApiException(400, "userId is a user's id."));
    }
    return cache.owned(streamId, userId).compose(stream -> cache.write(stream.getString("_id"), new JsonObject()
            .put(add ? "$addToSet" : "$pull", new JsonObject().put("moderators", moderator))))
        .map(stream -> new JsonObject().put("moderators", stream.getJsonArray("moderators")));
  }
}
