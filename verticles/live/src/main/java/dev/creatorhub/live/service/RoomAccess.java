package dev.creatorhub.live.service;

import dev.creatorhub.live.LiveSettings;
import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.live.store.RoomLog;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.payments.api.EntitlementsClient.Entitlement;
import dev.creatorhub.payments.api.EntitlementsClient.Kind;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Who may watch a stream (the creator, admins, and — unless banned — anyone, subscribers or ticket
 * holders), the video credentials they get, the room's backlog, and the bridge's questions before
 * a socket may listen to a room or a signaling inbox.
 */
public final class RoomAccess {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final StreamCache cache;
  /** The bridge addresses of the room's commands, by name: browsers take them from here, not from their own code. */
  private static final JsonObject COMMANDS = new JsonObject().put("chat", LiveAddresses.CHAT_SEND).put("tip", LiveAddresses.TIP_SEND)
      .put("delete", LiveAddresses.MOD_DELETE).put("mute", LiveAddresses.MOD_MUTE).put("ban", LiveAddresses.MOD_BAN)
      .put("unban", LiveAddresses.MOD_UNBAN).put("slow", LiveAddresses.MOD_SLOW);

  private final StreamViews views;
  private final RoomLog log;
  private final EntitlementsClient entitlements;
  private final LiveSettings settings;
  private final Clock clock;

  RoomAccess(StreamCache cache, StreamViews views, RoomLog log, EntitlementsClient entitlements, LiveSettings settings, Clock clock) {
    this.cache = cache;
    this.views = views;
    this.log = log;
    this.entitlements = entitlements;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Credentials for the stream's video: the creator publishes, entitled viewers subscribe. Agora when
   * configured (a token of our own making), otherwise browser-to-browser WebRTC signaled over the bridge.
   */
  public Future<JsonObject> join(String userId, String role, String streamId) {
    return cache.stream(streamId).compose(stream -> {
      boolean creator = userId.equals(stream.getString("creatorId"));
      String status = stream.getString("status");
      if (!"LIVE".equals(status) && !(creator && "SCHEDULED".equals(status))) {
        return Future.failedFuture(new ApiException(409, "The stream is not live."));
      }
      return access(stream, userId, role).compose(ok -> log.lastSeq(stream.getString("_id"))).map(lastSeq -> {
        String id = stream.getString("_id");
        return new JsonObject().put("rtc", rtc(stream, userId, creator)).put("room", LiveAddresses.room(id)).put("commands", COMMANDS.copy())
            .put("role", creator ? "PUBLISHER" : "VIEWER").put("lastSeq", lastSeq).put("stream", views.view(stream));
      });
    });
  }

  private JsonObject rtc(JsonObject stream, String userId, boolean publisher) {
    LiveSettings.Agora agora = settings.agora();
    String id = stream.getString("_id");
    int ttl = settings.tokenTtlSeconds();
    if (agora.issuesTokens()) {
      long issued = clock.instant().getEpochSecond();
      String token = AgoraTokens.build(agora.appId(), agora.appCertificate(), issued, ttl,
          1 + RANDOM.nextInt(99_999_999), List.of(AgoraTokens.Service.rtc(id, userId, publisher, ttl)));
      return new JsonObject().put("provider", "agora").put("appId", agora.appId()).put("channel", id)
          .put("uid", userId).put("token", token).put("expiresAt", Instant.ofEpochSecond(issued + ttl).toString());
    }
    return new JsonObject().put("provider", "webrtc").put("iceServers", settings.webrtc().iceServers().copy())
        .put("publisherId", stream.getString("creatorId")).put("signal", LiveAddresses.RTC_SIGNAL)
        .put("inbox", LiveAddresses.rtcInbox(id, userId))
        .put("maxViewers", settings.webrtc().maxViewers());
  }

  public Future<JsonObject> messages(String userId, String role, String streamId, long afterSeq) {
    return cache.stream(streamId)
        .compose(stream -> access(stream, userId, role))
        .compose(stream -> log.after(stream.getString("_id"), afterSeq))
        .map(items -> new JsonObject().put("items", items));
  }

  /**
   * The bridge asks before a socket may listen to a room, and again while it listens: entitled, not
   * banned; with the backlog after lastSeq and when the access ends ({@code until}). A refusal is a
   * no; a service that did not answer is a failure, so the client retries instead of giving up.
   */
  public Future<JsonObject> authorizeRoom(JsonObject ask) {
    String streamId = ask.getString("address", "").substring("live.room.".length());
    return cache.stream(streamId).compose(stream -> accessUntil(stream, ask.getString("userId"), ask.getString("role")))
        .compose(until -> (ask.getLong("lastSeq") == null ? Future.succeededFuture((JsonArray) null)
            : log.after(streamId, ask.getLong("lastSeq")))
            .map(backlog -> new JsonObject().put("allowed", true).put("backlog", backlog).put("until", until)))
        .recover(RoomAccess::refusal);
  }

  /** A signaling inbox {@code live.rtc.<stream>.<user>} is its user's only, while they may watch. */
  public Future<JsonObject> authorizeInbox(JsonObject ask) {
    String[] parts = ask.getString("address", "").split("\\.");
    if (parts.length != 4 || !parts[3].equals(ask.getString("userId"))) {
      return Future.succeededFuture(new JsonObject().put("allowed", false));
    }
    return cache.stream(parts[2]).compose(stream -> accessUntil(stream, ask.getString("userId"), ask.getString("role")))
        .map(until -> new JsonObject().put("allowed", true).put("until", until))
        .recover(RoomAccess::refusal);
  }

  private static Future<JsonObject> refusal(Throwable err) {
    return err instanceof ApiException api && api.status() < 500 ? Future.succeededFuture(new JsonObject().put("allowed", false))
        : Future.failedFuture(err);
  }

  /** The stream when the user may watch it; 401 or 403 otherwise. */
  Future<JsonObject> access(JsonObject stream, String userId, String role) {
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
    return held.compose(answer -> answer.entitled() ? Future.succeededFuture(answer.until())
        : Future.failedFuture(new ApiException(403, "TICKET".equals(access) ? "Buy a ticket to watch this stream."
            : "Subscribe to watch this stream.")));
  }
}
