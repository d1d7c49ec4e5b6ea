package dev.creatorhub.live;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.live.api.LiveClient;
import dev.creatorhub.payments.api.EntitlementsClient.Entitlement;
import dev.creatorhub.payments.api.EntitlementsClient.Kind;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.payments.api.PaymentsClient;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.redis.RedisClients;
import dev.creatorhub.shared.text.DisplayText;
import dev.creatorhub.shared.validation.BodySchema;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Live streams: scheduling and going live, who may watch (public, subscribers, ticket holders), video
 * credentials (Agora tokens or WebRTC signaling), and the rooms: chat, tips, moderation, presence.
 * Owns {@code streams}, {@code stream_messages}, {@code stream_viewers}; room sequence, backlog,
 * mutes, slow mode and presence live in Redis so every node agrees.
 */
public class LiveVerticle extends VerticleBase {

  private MessageConsumer<JsonObject> presenceReports;
  private final Set<Future<Void>> presenceUpdates = new HashSet<>();

  private AuthClient auth;
  private EntitlementsClient entitlements;
  private PaymentsClient payments;

  private static final Logger LOG = LoggerFactory.getLogger(LiveVerticle.class);
  static final String STREAMS = "streams";
  static final String MESSAGES = "stream_messages";
  static final String VIEWERS = "stream_viewers";
  /** Published cluster-wide with a stream id whenever the stream document changes (drops cached copies). */
  private static final String CHANGED = "live.stream.changed";
  private static final SecureRandom RANDOM = new SecureRandom();

  private JsonObject settings;
  private String currency;
  private MongoClient mongo;
  private final BusService.Served served = new BusService.Served();
  private Redis redis;
  private RoomLog log;
  private AgoraRest agoraRest;
  private BodySchema createSchema;
  private BodySchema updateSchema;
  private long ticker;
  private final Cache<String, JsonObject> streams = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(Duration.ofSeconds(5)).build();
  private final Cache<String, String> usernames = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterWrite(Duration.ofMinutes(10)).build();

  @Override
  public Future<?> start() {
    auth = new AuthClient(vertx);
    entitlements = new EntitlementsClient(vertx);
    payments = new PaymentsClient(vertx);
    settings = config().getJsonObject("live");
    currency = config().getJsonObject("payments").getString("currency");
    mongo = Mongo.client(vertx, config(), "live");
    redis = RedisClients.create(vertx, config());
    log = new RoomLog(vertx, redis, settings.getInteger("backlogSize"), settings.getLong("backlogKeepSeconds"));
    agoraRest = new AgoraRest(vertx, settings.getJsonObject("agora"));
    createSchema = BodySchema.of(schema(true));
    updateSchema = BodySchema.of(schema(false));
    ticker = vertx.setPeriodic(settings.getLong("viewersPushMs"), id -> pushViewerCounts());
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    return Future.all(
            Mongo.index(mongo, STREAMS, new JsonObject().put("status", 1).put("startedAt", -1), new IndexOptions()),
            Mongo.index(mongo, MESSAGES, new JsonObject().put("streamId", 1).put("seq", 1), new IndexOptions()),
            Mongo.index(mongo, STREAMS, new JsonObject().put("liveCreator", 1), new IndexOptions().name("live_creator_unique").unique(true).sparse(true)))
        .compose(v -> Future.all(List.of(
            serve(LiveAddresses.CREATE, this::create),
            serve(LiveAddresses.GET, msg -> stream(msg.body().getString("streamId")).map(this::view)),
            serve(LiveAddresses.LIST, this::list),
            serve(LiveAddresses.UPDATE, this::update),
            serve(LiveAddresses.TRANSITION, this::transition),
            serve(LiveAddresses.JOIN, this::join),
            serve(LiveAddresses.MESSAGES, this::messages),
            serve(LiveAddresses.MODERATORS, this::moderators),
            serve(LiveClient.STREAM_OFFER, this::offer),
            serve(LiveAddresses.ROOM_AUTHORIZE, this::authorizeRoom),
            serve(LiveAddresses.RTC_AUTHORIZE, this::authorizeInbox),
            serve(LiveAddresses.CHAT_SEND, this::chat),
            serve(LiveAddresses.TIP_SEND, this::tip),
            serve(LiveAddresses.MOD_DELETE, this::deleteMessage),
            serve(LiveAddresses.MOD_MUTE, this::mute),
            serve(LiveAddresses.MOD_BAN, msg -> ban(msg, true)),
            serve(LiveAddresses.MOD_UNBAN, msg -> ban(msg, false)),
            serve(LiveAddresses.MOD_SLOW, this::slowMode),
            serve(LiveAddresses.RTC_SIGNAL, this::signal),
            (presenceReports = vertx.eventBus().<JsonObject>consumer(LiveAddresses.BRIDGE_PRESENCE, msg -> presence(msg.body()))).completion(),
            vertx.eventBus().<String>consumer(CHANGED, msg -> streams.invalidate(msg.body())).completion(),
            ServicePing.register(vertx, LiveAddresses.SERVICE, nodeId).mapEmpty())));
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(ticker);
    // Sockets closing with the node report leaving: record those in flight, take no more, then close
    // Redis (before, each report after it failed with a warning: 150 lines for 150 viewers).
    Future<Void> noMoreReports = presenceReports == null ? Future.succeededFuture() : presenceReports.unregister();
    return noMoreReports.eventually(served::stop)
        .eventually(() -> Future.join(new ArrayList<>(presenceUpdates)))
        .eventually(() -> {
          agoraRest.close();
          redis.close();
          return mongo.close();
        });
  }

  private JsonObject schema(boolean create) {
    JsonObject properties = new JsonObject()
        .put("title", new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", 140))
        .put("description", new JsonObject().put("type", "string").put("maxLength", 2000))
        .put("scheduledStartTime", new JsonObject().put("type", "string").put("format", "date-time"))
        .put("chatEnabled", new JsonObject().put("type", "boolean"))
        .put("tipsEnabled", new JsonObject().put("type", "boolean"))
        .put("recordingEnabled", new JsonObject().put("type", "boolean"));
    if (create) {
      properties.put("access", new JsonObject().put("enum", new JsonArray().add("PUBLIC").add("SUBSCRIBERS").add("TICKET")))
          .put("ticketPrice", new JsonObject("""
              {"type": "object", "additionalProperties": false, "required": ["amount"],
               "properties": {"amount": {"type": "integer", "minimum": 0, "maximum": 1000000000},
                              "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}}"""));
    } else {
      properties.put("slowModeSeconds", new JsonObject().put("type", "integer").put("minimum", 0).put("maximum", 300));
    }
    JsonObject schema = new JsonObject().put("type", "object").put("additionalProperties", false).put("properties", properties);
    return create ? schema.put("required", new JsonArray().add("title").add("access")) : schema.put("minProperties", 1);
  }

  // ---- streams --------------------------------------------------------------------------------

  private Future<JsonObject> create(Message<JsonObject> msg) {
    String creatorId = BusService.requireRole(msg, "CREATOR");
    JsonObject body = createSchema.check(msg.body());
    String access = body.getString("access");
    JsonObject price = body.getJsonObject("ticketPrice");
    if ("TICKET".equals(access)) {
      JsonObject limits = settings.getJsonObject("ticketPrice");
      if (price == null || price.getLong("amount") < limits.getLong("min") || price.getLong("amount") > limits.getLong("max")
          || !currency.equals(price.getString("currency", currency))) {
        throw new ApiException(400, "A ticketed stream needs a ticketPrice between " + limits.getLong("min") + " and "
            + limits.getLong("max") + " " + currency + " (minor units).");
      }
    } else if (price != null) {
      throw new ApiException(400, "Only TICKET streams have a ticketPrice.");
    }
    Instant scheduled = body.getString("scheduledStartTime") == null ? null : Instant.parse(body.getString("scheduledStartTime"));
    String now = Instant.now().toString();
    return username(creatorId).compose(username -> {
      JsonObject stream = new JsonObject().put("_id", UUID.randomUUID().toString())
          .put("creatorId", creatorId).put("creatorUsername", username)
          .put("title", title(body.getString("title"))).put("description", DisplayText.bio(body.getString("description", "")))
          .put("access", access).put("ticketPrice", price == null ? null : new JsonObject().put("amount", price.getLong("amount")).put("currency", currency))
          .put("status", "SCHEDULED").put("scheduledStartTime", scheduled == null ? null : scheduled.toString())
          .put("settings", new JsonObject().put("chatEnabled", body.getBoolean("chatEnabled", true))
              .put("tipsEnabled", body.getBoolean("tipsEnabled", true)).put("recordingEnabled", body.getBoolean("recordingEnabled", false))
              .put("slowModeSeconds", 0))
          .put("moderators", new JsonArray()).put("banned", new JsonArray())
          .put("stats", new JsonObject().put("viewerCount", 0).put("peakViewers", 0).put("totalTips", 0L))
          .put("createdAt", now).put("updatedAt", now);
      return mongo.insert(STREAMS, stream).map(id -> view(stream));
    });
  }

  private Future<JsonObject> list(Message<JsonObject> msg) {
    String status = msg.body().getString("status", "LIVE");
    if (!Set.of("SCHEDULED", "LIVE", "ENDED", "CANCELLED").contains(status)) {
      return Future.failedFuture(new ApiException(400, "status is SCHEDULED, LIVE, ENDED or CANCELLED."));
    }
    int limit = Math.max(1, Math.min(100, msg.body().getInteger("limit", 50)));
    JsonObject query = new JsonObject().put("status", status);
    if (msg.body().getString("creator") != null) {
      query.put("creatorUsername", msg.body().getString("creator").toLowerCase(java.util.Locale.ROOT));
    }
    JsonObject sort = "SCHEDULED".equals(status) ? new JsonObject().put("scheduledStartTime", 1) : new JsonObject().put("startedAt", -1);
    return mongo.findWithOptions(STREAMS, query, new FindOptions().setSort(sort).setLimit(limit))
        .map(found -> new JsonObject().put("items", new JsonArray(found.stream().map(this::view).toList())));
  }

  private Future<JsonObject> update(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    JsonObject body = updateSchema.check(msg.body().getJsonObject("body"));
    return owned(msg.body().getString("streamId"), userId).compose(stream -> {
      JsonObject set = new JsonObject().put("updatedAt", Instant.now().toString());
      if (body.containsKey("title")) {
        set.put("title", title(body.getString("title")));
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
      return write(stream.getString("_id"), new JsonObject().put("$set", set)).map(this::view);
    });
  }

  /** start (SCHEDULED → LIVE), end (LIVE → ENDED), cancel (SCHEDULED → CANCELLED), each once. */
  private Future<JsonObject> transition(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    String action = msg.body().getString("action");
    return owned(msg.body().getString("streamId"), userId).compose(stream -> transition(stream, action, null));
  }

  /**
   * {@code reason} says why the platform ended a stream (null when its creator did). While a stream is
   * LIVE it holds {@code liveCreator} under a unique index: a creator is live in one stream at most.
   */
  private Future<JsonObject> transition(JsonObject stream, String action, String reason) {
    {
      String id = stream.getString("_id");
      String now = Instant.now().toString();
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
        Outbox.push(update, Outbox.event(LiveAddresses.TOPIC_STREAM_STARTED, stream.getString("creatorId"), summary(stream.copy().mergeIn(set))));
      } else if ("end".equals(action)) {
        set.put("endedAt", now).put("durationSeconds", Duration.between(Instant.parse(stream.getString("startedAt")), Instant.parse(now)).toSeconds());
        update.put("$unset", new JsonObject().put("liveCreator", ""));
        if (reason != null) {
          set.put("endedReason", reason);
        }
      }
      // Chat reaches Kafka aggregated: the number of messages rides on stream.ended.
      Future<Long> chatted = "end".equals(action) ? mongo.count(MESSAGES, new JsonObject().put("streamId", id)) : Future.succeededFuture(0L);
      return chatted.compose(messages -> {
        if ("end".equals(action)) {
          Outbox.push(update, Outbox.event(LiveAddresses.TOPIC_STREAM_ENDED, stream.getString("creatorId"),
              summary(stream.copy().mergeIn(set)).put("messages", messages)));
        }
        return mongo.findOneAndUpdateWithOptions(STREAMS, new JsonObject().put("_id", id).put("status", from), update,
                new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
            .recover(err -> Mongo.isDuplicateKey(err) ? alreadyLive(stream.getString("creatorId")) : Future.failedFuture(err))
            .compose(updated -> {
              if (updated == null) {
                return Future.failedFuture(new ApiException(409, "The stream changed meanwhile; try again."));
              }
              changed(id);
              Outbox.nudge(vertx, STREAMS, id);
              record(action, updated);
              Future<?> announced = "cancel".equals(action) ? Future.succeededFuture()
                  : log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "start".equals(action) ? "STREAM_STARTED" : "STREAM_ENDED")
                      .put("reason", reason));
              return announced.map(v -> view(updated));
            });
      });
    }
  }

  private <T> Future<T> alreadyLive(String creatorId) {
    return mongo.findOne(STREAMS, new JsonObject().put("liveCreator", creatorId), new JsonObject().put("_id", 1))
        .compose(other -> Future.failedFuture(new ApiException(409, "Conflict", "You are already live in another stream; end it first.",
            new JsonObject().put("liveStreamId", other == null ? null : other.getString("_id")))));
  }

  /**
   * A live stream whose creator has not been connected to its room for {@code creatorAwaySeconds}
   * (counted from the start when they never came) ends by itself; called by the one instance that
   * holds the stream's tick.
   */
  private Future<Void> endIfCreatorAway(String streamId) {
    long awayMs = settings.getLong("creatorAwaySeconds") * 1000;
    return stream(streamId).compose(stream -> {
      if (!"LIVE".equals(stream.getString("status"))) {
        return Future.succeededFuture();
      }
      String seenKey = "live:creator-seen:" + streamId;
      long now = System.currentTimeMillis();
      return redis.send(Request.cmd(Command.HEXISTS).arg("live:viewers:" + streamId).arg(stream.getString("creatorId"))).compose(here -> {
        if (here.toInteger() == 1) {
          return redis.send(Request.cmd(Command.SET).arg(seenKey).arg(now).arg("EX").arg(settings.getLong("backlogKeepSeconds"))).mapEmpty();
        }
        return redis.send(Request.cmd(Command.GET).arg(seenKey)).compose(seen -> {
          long last = seen != null ? seen.toLong() : Instant.parse(stream.getString("startedAt")).toEpochMilli();
          return now - last < awayMs ? Future.succeededFuture()
              : transition(stream, "end", "creator_away").<Void>mapEmpty()
                  .onSuccess(v -> LOG.info("ended stream {}: its creator was away for {} s", streamId, (now - last) / 1000));
        });
      });
    });
  }

  /**
   * Agora cloud recording follows the stream when it asked for one; a recording that fails to start
   * does not stop the stream going live (logged, and the stream shows no recording).
   */
  private void record(String action, JsonObject stream) {
    String id = stream.getString("_id");
    boolean wanted = stream.getJsonObject("settings").getBoolean("recordingEnabled", false) && agoraRest.enabled();
    if ("start".equals(action) && wanted) {
      agoraRest.startRecording(id)
          .compose(recording -> write(id, new JsonObject().put("$set", new JsonObject().put("recording", recording))))
          .onFailure(err -> LOG.warn("recording of stream {} did not start: {}", id, err.toString()));
    } else if ("end".equals(action) && stream.getJsonObject("recording") != null) {
      agoraRest.stopRecording(id, stream.getJsonObject("recording"))
          .compose(stopped -> write(id, new JsonObject().put("$set", new JsonObject().put("recording.stoppedAt", Instant.now().toString())
              .put("recording.files", stopped.getJsonObject("serverResponse", new JsonObject()).getValue("fileList")))))
          .onFailure(err -> LOG.warn("recording of stream {} did not stop cleanly: {}", id, err.toString()));
    }
  }

  private Future<JsonObject> offer(Message<JsonObject> msg) {
    return stream(msg.body().getString("streamId")).map(stream -> {
      boolean open = Set.of("SCHEDULED", "LIVE").contains(stream.getString("status"));
      return new JsonObject().put("creatorId", stream.getString("creatorId")).put("access", open ? stream.getString("access") : "CLOSED")
          .put("ticketPrice", stream.getJsonObject("ticketPrice"));
    });
  }

  private Future<JsonObject> moderators(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    String moderator = msg.body().getString("userId");
    if (moderator == null || !moderator.matches("[0-9a-f-]{36}")) {
      return Future.failedFuture(new ApiException(400, "userId is a user's id."));
    }
    boolean add = msg.body().getBoolean("add", true);
    return owned(msg.body().getString("streamId"), userId).compose(stream -> write(stream.getString("_id"), new JsonObject()
            .put(add ? "$addToSet" : "$pull", new JsonObject().put("moderators", moderator))))
        .map(stream -> new JsonObject().put("moderators", stream.getJsonArray("moderators")));
  }

  // ---- watching -------------------------------------------------------------------------------

  /**
   * Credentials for the stream's video: the creator publishes, entitled viewers subscribe. Agora when
   * configured (a token of our own making), otherwise browser-to-browser WebRTC signaled over the bridge.
   */
  private Future<JsonObject> join(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    String role = msg.headers().get(BusHeaders.USER_ROLE);
    return stream(msg.body().getString("streamId")).compose(stream -> {
      boolean creator = userId.equals(stream.getString("creatorId"));
      String status = stream.getString("status");
      if (!"LIVE".equals(status) && !(creator && "SCHEDULED".equals(status))) {
        return Future.failedFuture(new ApiException(409, "The stream is not live."));
      }
      return access(stream, userId, role).compose(ok -> log.lastSeq(stream.getString("_id"))).map(lastSeq -> {
        String id = stream.getString("_id");
        return new JsonObject().put("rtc", rtc(stream, userId, creator)).put("room", LiveAddresses.room(id))
            .put("role", creator ? "PUBLISHER" : "VIEWER").put("lastSeq", lastSeq).put("stream", view(stream));
      });
    });
  }

  private JsonObject rtc(JsonObject stream, String userId, boolean publisher) {
    JsonObject agora = settings.getJsonObject("agora");
    String id = stream.getString("_id");
    int ttl = settings.getInteger("tokenTtlSeconds");
    if (!agora.getString("appId", "").isBlank() && !agora.getString("appCertificate", "").isBlank()) {
      long issued = Instant.now().getEpochSecond();
      String token = AgoraTokens.build(agora.getString("appId"), agora.getString("appCertificate"), issued, ttl,
          1 + RANDOM.nextInt(99_999_999), List.of(AgoraTokens.Service.rtc(id, userId, publisher, ttl)));
      return new JsonObject().put("provider", "agora").put("appId", agora.getString("appId")).put("channel", id)
          .put("uid", userId).put("token", token).put("expiresAt", Instant.ofEpochSecond(issued + ttl).toString());
    }
    return new JsonObject().put("provider", "webrtc").put("iceServers", settings.getJsonObject("webrtc").getJsonArray("iceServers"))
        .put("publisherId", stream.getString("creatorId")).put("signal", LiveAddresses.RTC_SIGNAL)
        .put("inbox", LiveAddresses.rtcInbox(id, userId))
        .put("maxViewers", settings.getJsonObject("webrtc").getInteger("maxViewers"));
  }

  private Future<JsonObject> messages(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    long after = msg.body().getLong("afterSeq", 0L);
    return stream(msg.body().getString("streamId"))
        .compose(stream -> access(stream, userId, msg.headers().get(BusHeaders.USER_ROLE)))
        .compose(stream -> log.after(stream.getString("_id"), after))
        .map(items -> new JsonObject().put("items", items));
  }

  /** The bridge asks before a socket may listen to a room: entitled, not banned; with the backlog after lastSeq. */
  /**
   * The bridge asks before a socket may listen to a room, and again while it listens: entitled, not
   * banned; with the backlog after lastSeq and when the access ends ({@code until}). A refusal is a
   * no; a service that did not answer is a failure, so the client retries instead of giving up.
   */
  private Future<JsonObject> authorizeRoom(Message<JsonObject> msg) {
    JsonObject ask = msg.body();
    String streamId = ask.getString("address", "").substring("live.room.".length());
    return stream(streamId).compose(stream -> accessUntil(stream, ask.getString("userId"), ask.getString("role")))
        .compose(until -> (ask.getLong("lastSeq") == null ? Future.succeededFuture((JsonArray) null)
            : log.after(streamId, ask.getLong("lastSeq")))
            .map(backlog -> new JsonObject().put("allowed", true).put("backlog", backlog).put("until", until)))
        .recover(LiveVerticle::refusal);
  }

  private Future<JsonObject> authorizeInbox(Message<JsonObject> msg) {
    JsonObject ask = msg.body();
    String[] parts = ask.getString("address", "").split("\\.");
    if (parts.length != 4 || !parts[3].equals(ask.getString("userId"))) {
      return Future.succeededFuture(new JsonObject().put("allowed", false));
    }
    return stream(parts[2]).compose(stream -> accessUntil(stream, ask.getString("userId"), ask.getString("role")))
        .map(until -> new JsonObject().put("allowed", true).put("until", until))
        .recover(LiveVerticle::refusal);
  }

  private static Future<JsonObject> refusal(Throwable err) {
    return err instanceof ApiException api && api.status() < 500 ? Future.succeededFuture(new JsonObject().put("allowed", false))
        : Future.failedFuture(err);
  }

  /** Who may watch: the creator, admins, and — unless banned — anyone (PUBLIC), subscribers or ticket holders. */
  private Future<JsonObject> access(JsonObject stream, String userId, String role) {
    return accessUntil(stream, userId, role).map(stream);
  }

  /** As {@link #access}, answering when that access ends (epoch ms; null: not by itself). */
  private Future<Long> accessUntil(JsonObject stream, String userId, String role) {
    if (userId == null) {
      return Future.failedFuture(new ApiException(401, "Sign in first."));
    }
    if (userId.equals(stream.getString("creatorId")) || "ADMIN".equals(role)) {
      return Future.succeededFuture(null);
    }
    if (stream.getJsonArray("banned", new JsonArray()).contains(userId)) {
      return Future.failedFuture(new ApiException(403, "You are banned from this stream."));
    }
    String access = stream.getString("access");
    if ("PUBLIC".equals(access)) {
      return Future.succeededFuture(null);
    }
    Future<Entitlement> held = "TICKET".equals(access) ? entitlements.check(userId, Kind.TICKET, stream.getString("_id"))
        : entitlements.check(userId, Kind.SUBSCRIPTION, stream.getString("creatorId"));
    return held
        .compose(answer -> answer.entitled() ? Future.succeededFuture(answer.until())
            : Future.failedFuture(new ApiException(403, "TICKET".equals(access) ? "Buy a ticket to watch this stream."
                : "Subscribe to watch this stream.")));
  }

  // ---- the room -------------------------------------------------------------------------------

  private Future<JsonObject> chat(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    JsonObject body = LiveCommands.CHAT.check(msg.body());
    String text = DisplayText.text(body.getString("text"));
    if (text.isEmpty() || text.length() > settings.getInteger("maxChatLength")) {
      return Future.failedFuture(new ApiException(400, "text is 1 to " + settings.getInteger("maxChatLength") + " characters."));
    }
    return live(body.getString("streamId")).compose(stream -> {
      if (!stream.getJsonObject("settings").getBoolean("chatEnabled", true)) {
        return Future.failedFuture(new ApiException(409, "Chat is off in this stream."));
      }
      String id = stream.getString("_id");
      boolean moderator = moderator(stream, userId, msg.headers().get(BusHeaders.USER_ROLE));
      return access(stream, userId, msg.headers().get(BusHeaders.USER_ROLE))
          .compose(ok -> mayChat(stream, userId, moderator))
          .compose(ok -> username(userId))
          .compose(name -> log.append(id, new JsonObject().put("type", "MESSAGE").put("userId", userId).put("username", name)
              .put("text", text).put("at", Instant.now().toString())))
          .compose(message -> mongo.insert(MESSAGES, new JsonObject().put("streamId", id).put("seq", message.getLong("seq"))
                  .put("userId", userId).put("text", text).put("deleted", false).put("createdAt", message.getString("at")))
              .compose(v -> viewerStats(id, userId, new JsonObject().put("messagesCount", 1)))
              .map(v -> new JsonObject().put("seq", message.getLong("seq"))));
    });
  }

  /** Muted, rate (per user per 10 s) and slow mode, in Redis so they hold across nodes. */
  private Future<Void> mayChat(JsonObject stream, String userId, boolean moderator) {
    String id = stream.getString("_id");
    long window = System.currentTimeMillis() / 10_000;
    Future<Boolean> muted = redis.send(Request.cmd(Command.EXISTS).arg("live:mute:" + id + ":" + userId)).map(r -> r.toInteger() == 1);
    Future<Long> recent = redis.send(Request.cmd(Command.EVAL)
            .arg("local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], 20) end return n")
            .arg(1).arg("live:rate:" + id + ":" + userId + ":" + window))
        .map(r -> r.toLong());
    int slow = stream.getJsonObject("settings").getInteger("slowModeSeconds", 0);
    Future<Boolean> slowed = slow == 0 || moderator ? Future.succeededFuture(false)
        : redis.send(Request.cmd(Command.SET).arg("live:slow:" + id + ":" + userId).arg("1").arg("NX").arg("EX").arg(slow))
            .map(r -> r == null);
    return Future.all(muted, recent, slowed).compose(all -> {
      if (muted.result() && !moderator) {
        return Future.failedFuture(new ApiException(403, "You are muted in this stream."));
      }
      if (recent.result() > settings.getInteger("chatPerUserPer10s") && !moderator) {
        return Future.failedFuture(new ApiException(429, "Too many messages; slow down."));
      }
      if (slowed.result()) {
        return Future.failedFuture(new ApiException(429, "Slow mode: one message every " + slow + " s."));
      }
      return Future.succeededFuture();
    });
  }

  /**
   * A tip from the room, paid through the money domain under the client's idempotency key (and
   * validated there exactly like {@code POST /tips}), shown in the room once per payment however
   * often the client retries.
   */
  private Future<JsonObject> tip(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    String role = msg.headers().get(BusHeaders.USER_ROLE);
    JsonObject body = LiveCommands.TIP.check(msg.body());
    // An integer is minor units of the platform's currency; anything else is passed on untouched for payments to judge.
    Object amount = body.getValue("amount") instanceof JsonObject money ? money
        : new JsonObject().put("amount", body.getValue("amount")).put("currency", currency);
    String message = DisplayText.text(body.getString("message"));
    return live(body.getString("streamId")).compose(stream -> {
      if (!stream.getJsonObject("settings").getBoolean("tipsEnabled", true)) {
        return Future.failedFuture(new ApiException(409, "Tips are off in this stream."));
      }
      String id = stream.getString("_id");
      return access(stream, userId, role).compose(ok -> body.getString("paymentMethod") != null ? Future.succeededFuture(body.getString("paymentMethod"))
          : payments.defaultCard(userId)).compose(paymentMethod -> {
        JsonObject tip = new JsonObject().put("creator", stream.getString("creatorId")).put("streamId", id)
            .put("amount", amount).put("paymentMethod", paymentMethod);
        if (message != null && !message.isEmpty()) {
          tip.put("message", message);
        }
        return payments.tip(userId, tip, "live:" + id + ":" + body.getString("idempotencyKey"));
      }).compose(receipt -> announceTip(stream, userId, receipt, message).map(receipt));
    });
  }

  private Future<Void> announceTip(JsonObject stream, String userId, JsonObject receipt, String message) {
    String id = stream.getString("_id");
    long amount = receipt.getJsonObject("amount").getLong("amount");
    return redis.send(Request.cmd(Command.SET).arg("live:tip:" + receipt.getString("id")).arg("1").arg("NX").arg("EX").arg(86_400))
        .compose(first -> {
          if (first == null) {
            return Future.succeededFuture(); // a retry: the room has seen this payment
          }
          return username(userId)
              .compose(name -> log.append(id, new JsonObject().put("type", "TIP").put("userId", userId).put("username", name)
                  .put("amount", new JsonObject().put("amount", amount).put("currency", currency)).put("message", message)
                  .put("at", Instant.now().toString())))
              .compose(v -> mongo.updateCollection(STREAMS, new JsonObject().put("_id", id),
                  new JsonObject().put("$inc", new JsonObject().put("stats.totalTips", amount))))
              .compose(v -> viewerStats(id, userId, new JsonObject().put("totalTipped", amount)))
              .onSuccess(v -> changed(id))
              .mapEmpty();
        });
  }

  private Future<JsonObject> deleteMessage(Message<JsonObject> msg) {
    JsonObject body = LiveCommands.DELETE.check(msg.body());
    return moderate(msg, body).compose(stream -> {
      long seq = body.getLong("seq");
      String id = stream.getString("_id");
      return mongo.updateCollection(MESSAGES, new JsonObject().put("streamId", id).put("seq", seq),
              new JsonObject().put("$set", new JsonObject().put("deleted", true).put("deletedBy", BusService.requireUser(msg))))
          .compose(r -> r.getDocMatched() == 0 ? Future.failedFuture(new ApiException(404, "No such message."))
              : log.remove(id, seq))
          .compose(v -> log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "MESSAGE_DELETED").put("targetSeq", seq)))
          .map(v -> new JsonObject().put("deleted", seq));
    });
  }

  private Future<JsonObject> mute(Message<JsonObject> msg) {
    JsonObject body = LiveCommands.MUTE.check(msg.body());
    return moderate(msg, body).compose(stream -> {
      String target = target(body, stream);
      int seconds = body.getInteger("seconds");
      String id = stream.getString("_id");
      return redis.send(Request.cmd(Command.SET).arg("live:mute:" + id + ":" + target).arg("1").arg("EX").arg(seconds))
          .compose(r -> log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "USER_MUTED").put("userId", target)
              .put("until", Instant.now().plusSeconds(seconds).toString())))
          .map(v -> new JsonObject().put("muted", target).put("seconds", seconds));
    });
  }

  /** A ban ends the viewer's room subscription and signaling inbox at once on every node. */
  private Future<JsonObject> ban(Message<JsonObject> msg, boolean banned) {
    JsonObject body = LiveCommands.BAN.check(msg.body());
    return moderate(msg, body).compose(stream -> {
      String target = target(body, stream);
      String id = stream.getString("_id");
      return write(id, new JsonObject().put(banned ? "$addToSet" : "$pull", new JsonObject().put("banned", target)))
          .compose(updated -> {
            if (!banned) {
              return Future.succeededFuture(new JsonObject().put("unbanned", target));
            }
            if (agoraRest.enabled()) { // out of the video channel too, not only the room
              agoraRest.kick(id, target, settings.getJsonObject("agora").getInteger("banMinutes"))
                  .onFailure(err -> LOG.warn("Agora did not take the ban of {} in {}: {}", target, id, err.toString()));
            }
            for (String address : List.of(LiveAddresses.room(id), LiveAddresses.rtcInbox(id, target))) {
              vertx.eventBus().publish(LiveAddresses.BRIDGE_KICK, new JsonObject().put("address", address).put("userId", target)
                  .put("reason", "banned"));
            }
            return log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "USER_BANNED").put("userId", target))
                .map(v -> new JsonObject().put("banned", target));
          });
    });
  }

  private Future<JsonObject> slowMode(Message<JsonObject> msg) {
    JsonObject body = LiveCommands.SLOW.check(msg.body());
    return moderate(msg, body).compose(stream -> {
      int seconds = body.getInteger("seconds");
      String id = stream.getString("_id");
      return write(id, new JsonObject().put("$set", new JsonObject().put("settings.slowModeSeconds", seconds)))
          .compose(v -> log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "SLOW_MODE").put("seconds", seconds)))
          .map(v -> new JsonObject().put("slowModeSeconds", seconds));
    });
  }

  /** The stream, when the caller is its creator, one of its moderators or an admin; 403 otherwise. */
  private Future<JsonObject> moderate(Message<JsonObject> msg, JsonObject body) {
    String userId = BusService.requireUser(msg);
    return stream(body.getString("streamId")).compose(stream -> moderator(stream, userId, msg.headers().get(BusHeaders.USER_ROLE))
        ? Future.succeededFuture(stream) : Future.failedFuture(new ApiException(403, "Only the creator and moderators can do this.")));
  }

  private static String target(JsonObject body, JsonObject stream) {
    String target = body.getString("userId");
    if (target.equals(stream.getString("creatorId"))) {
      throw new ApiException(409, "The creator cannot be moderated.");
    }
    return target;
  }

  private static boolean moderator(JsonObject stream, String userId, String role) {
    return userId.equals(stream.getString("creatorId")) || "ADMIN".equals(role)
        || stream.getJsonArray("moderators", new JsonArray()).contains(userId);
  }

  /**
   * WebRTC signaling: viewers talk only to the creator, the creator to any entitled viewer; the
   * message lands in the recipient's inbox on whatever node its socket is.
   */
  private Future<JsonObject> signal(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    JsonObject body = LiveCommands.SIGNAL.check(msg.body());
    String to = body.getString("to");
    JsonObject signal = body.getJsonObject("signal");
    if (signal.encode().length() > 16_384) {
      return Future.failedFuture(new ApiException(400, "A signal is at most 16 KB."));
    }
    return live(body.getString("streamId")).compose(stream -> {
      boolean fromCreator = userId.equals(stream.getString("creatorId"));
      if (!fromCreator && !to.equals(stream.getString("creatorId"))) {
        return Future.failedFuture(new ApiException(403, "Viewers signal only the creator."));
      }
      String role = msg.headers().get(BusHeaders.USER_ROLE);
      Future<JsonObject> allowed = fromCreator ? Future.succeededFuture(stream) : access(stream, userId, role);
      return allowed.map(ok -> {
        vertx.eventBus().publish(LiveAddresses.rtcInbox(stream.getString("_id"), to),
            new JsonObject().put("type", "SIGNAL").put("from", userId).put("signal", signal));
        return new JsonObject().put("sent", true);
      });
    });
  }

  // ---- presence -------------------------------------------------------------------------------

  /** From the bridge: a socket of this user started or stopped listening to a room (any node). */
  private void presence(JsonObject report) {
    String address = report.getString("address", "");
    if (!address.startsWith("live.room.")) {
      return;
    }
    String streamId = address.substring("live.room.".length());
    String userId = report.getString("userId");
    boolean present = report.getBoolean("present", false);
    String key = "live:viewers:" + streamId;
    Future<Void> update = redis.send(Request.cmd(Command.HINCRBY).arg(key).arg(userId).arg(present ? 1 : -1)).compose(count -> {
      long sockets = count.toLong();
      String now = Instant.now().toString();
      if (present && sockets == 1) {
        return mongo.updateCollectionWithOptions(VIEWERS, new JsonObject().put("_id", streamId + "|" + userId),
            new JsonObject().put("$set", new JsonObject().put("streamId", streamId).put("userId", userId).putNull("leaveTime"))
                .put("$setOnInsert", new JsonObject().put("joinTime", now).put("totalTipped", 0L).put("messagesCount", 0L)),
            new UpdateOptions().setUpsert(true)).mapEmpty();
      }
      if (!present && sockets <= 0) {
        return redis.send(Request.cmd(Command.HDEL).arg(key).arg(userId))
            .compose(r -> mongo.updateCollection(VIEWERS, new JsonObject().put("_id", streamId + "|" + userId),
                new JsonObject().put("$set", new JsonObject().put("leaveTime", now))))
            .mapEmpty();
      }
      return Future.succeededFuture();
    });
    presenceUpdates.add(update);
    update.onComplete(ar -> presenceUpdates.remove(update)).onFailure(err -> LOG.warn("presence update failed: {}", err.toString()));
  }

  /**
   * Every period, one instance in the cluster (a Redis lock per stream) counts each live stream's
   * viewers, keeps the peak and tells the room.
   */
  private void pushViewerCounts() {
    long period = settings.getLong("viewersPushMs");
    mongo.findWithOptions(STREAMS, new JsonObject().put("status", "LIVE"), new FindOptions().setFields(new JsonObject().put("_id", 1)))
        .onSuccess(live -> live.forEach(s -> {
          String id = s.getString("_id");
          redis.send(Request.cmd(Command.SET).arg("live:tick:" + id).arg("1").arg("NX").arg("PX").arg(Math.max(100, period - 100)))
              .compose(lock -> lock == null ? Future.succeededFuture()
                  : redis.send(Request.cmd(Command.HLEN).arg("live:viewers:" + id)).compose(count -> {
                    long viewers = count.toLong();
                    return mongo.updateCollection(STREAMS, new JsonObject().put("_id", id),
                            new JsonObject().put("$set", new JsonObject().put("stats.viewerCount", viewers))
                                .put("$max", new JsonObject().put("stats.peakViewers", viewers)))
                        .compose(r -> log.append(id, new JsonObject().put("type", "VIEWERS").put("count", viewers)));
                  }).compose(v -> endIfCreatorAway(id)))
              .onFailure(err -> LOG.debug("viewer count of {} not pushed: {}", id, err.toString()));
        }));
  }

  private Future<Void> viewerStats(String streamId, String userId, JsonObject increments) {
    return mongo.updateCollectionWithOptions(VIEWERS, new JsonObject().put("_id", streamId + "|" + userId),
        new JsonObject().put("$inc", increments).put("$setOnInsert", new JsonObject().put("streamId", streamId).put("userId", userId)
            .put("joinTime", Instant.now().toString())),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Future<JsonObject> stream(String streamId) {
    if (streamId == null || !streamId.matches("[0-9a-f-]{36}")) {
      return Future.failedFuture(new ApiException(404, "No such stream."));
    }
    JsonObject cached = streams.getIfPresent(streamId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return mongo.findOne(STREAMS, new JsonObject().put("_id", streamId), new JsonObject().put(Outbox.FIELD, 0)).compose(found -> {
      if (found == null) {
        return Future.failedFuture(new ApiException(404, "No such stream."));
      }
      streams.put(streamId, found);
      return Future.succeededFuture(found);
    });
  }

  private Future<JsonObject> live(String streamId) {
    return stream(streamId).compose(stream -> "LIVE".equals(stream.getString("status")) ? Future.succeededFuture(stream)
        : Future.failedFuture(new ApiException(409, "The stream is not live.")));
  }

  private Future<JsonObject> owned(String streamId, String userId) {
    return stream(streamId).compose(stream -> userId.equals(stream.getString("creatorId")) ? Future.succeededFuture(stream)
        : Future.failedFuture(new ApiException(403, "Only the stream's creator can do this.")));
  }

  /** Applies an update and drops every cached copy before answering. */
  private Future<JsonObject> write(String streamId, JsonObject update) {
    update.put("$set", update.getJsonObject("$set", new JsonObject()).put("updatedAt", Instant.now().toString()));
    return mongo.findOneAndUpdateWithOptions(STREAMS, new JsonObject().put("_id", streamId), update,
            new FindOptions().setFields(new JsonObject().put(Outbox.FIELD, 0)), new UpdateOptions().setReturningNewDocument(true))
        .map(updated -> {
          changed(streamId);
          return updated;
        });
  }

  private void changed(String streamId) {
    streams.invalidate(streamId);
    vertx.eventBus().publish(CHANGED, streamId);
  }

  private Future<String> username(String userId) {
    String cached = usernames.getIfPresent(userId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return auth.user(userId).map(user -> {
      usernames.put(userId, user.username());
      return user.username();
    });
  }

  private JsonObject view(JsonObject stream) {
    JsonObject stats = stream.getJsonObject("stats", new JsonObject());
    JsonObject view = new JsonObject().put("id", stream.getString("_id"))
        .put("creator", new JsonObject().put("id", stream.getString("creatorId")).put("username", stream.getString("creatorUsername")))
        .put("title", stream.getString("title")).put("description", stream.getString("description"))
        .put("access", stream.getString("access")).put("status", stream.getString("status"))
        .put("scheduledStartTime", stream.getString("scheduledStartTime")).put("startedAt", stream.getString("startedAt"))
        .put("endedAt", stream.getString("endedAt"))
        .put("settings", stream.getJsonObject("settings"))
        .put("viewerCount", stats.getLong("viewerCount", 0L)).put("peakViewers", stats.getLong("peakViewers", 0L))
        .put("totalTips", new JsonObject().put("amount", stats.getLong("totalTips", 0L)).put("currency", currency))
        .put("durationSeconds", stream.getLong("durationSeconds", stream.getString("startedAt") == null || stream.getString("endedAt") != null
            ? stream.getLong("durationSeconds", 0L)
            : Duration.between(Instant.parse(stream.getString("startedAt")), Instant.now()).toSeconds()))
        .put("room", LiveAddresses.room(stream.getString("_id")));
    if (stream.getJsonObject("ticketPrice") != null) {
      view.put("ticketPrice", stream.getJsonObject("ticketPrice"));
    }
    return view;
  }

  private static String title(String value) {
    String title = DisplayText.name(value);
    if (title.isEmpty()) {
      throw new ApiException(400, "Bad Request", "A title needs visible characters.", new JsonObject().put("errors",
          new JsonArray().add(new JsonObject().put("field", "title").put("message", "A title needs visible characters."))));
    }
    return title;
  }

  private static JsonObject summary(JsonObject stream) {
    return new JsonObject().put("streamId", stream.getString("_id")).put("creatorId", stream.getString("creatorId"))
        .put("title", stream.getString("title")).put("access", stream.getString("access"))
        .put("startedAt", stream.getString("startedAt")).put("endedAt", stream.getString("endedAt"))
        .put("stats", stream.getJsonObject("stats"));
  }
}
