package dev.creatorhub.live.service;

import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.live.store.RoomLog;
import dev.creatorhub.live.store.RoomRecords;
import dev.creatorhub.live.store.RoomState;
import dev.creatorhub.shared.bridge.BridgeAddresses;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/** The creator, her moderators and admins keep a room in order; and WebRTC signaling between creator and viewers. */
public final class RoomModeration {

  private static final Logger LOG = LoggerFactory.getLogger(RoomModeration.class);

  private final Vertx vertx;
  private final RoomRecords records;
  private final RoomState state;
  private final RoomLog log;
  private final StreamCache cache;
  private final RoomAccess access;
  private final AgoraRest agora;
  private final int banMinutes;
  private final Clock clock;

  RoomModeration(Vertx vertx, RoomRecords records, RoomState state, RoomLog log, StreamCache cache, RoomAccess access,
                 AgoraRest agora, int banMinutes, Clock clock) {
    this.vertx = vertx;
    this.records = records;
    this.state = state;
    this.log = log;
    this.cache = cache;
    this.access = access;
    this.agora = agora;
    this.banMinutes = banMinutes;
    this.clock = clock;
  }

  public Future<JsonObject> deleteMessage(String userId, String role, JsonObject request) {
    JsonObject body = LiveCommands.DELETE.check(request);
    return moderate(userId, role, body).compose(stream -> {
      long seq = body.getLong("seq");
      String id = stream.getString("_id");
      return records.deleteMessage(id, seq, userId)
          .compose(found -> found ? log.remove(id, seq) : Future.failedFuture(new ApiException(404, "No such message.")))
          .compose(v -> log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "MESSAGE_DELETED").put("targetSeq", seq)))
          .map(v -> new JsonObject().put("deleted", seq));
    });
  }

  public Future<JsonObject> mute(String userId, String role, JsonObject request) {
    JsonObject body = LiveCommands.MUTE.check(request);
    return moderate(userId, role, body).compose(stream -> {
      String target = target(body, stream);
      int seconds = body.getInteger("seconds");
      String id = stream.getString("_id");
      return state.mute(id, target, seconds)
          .compose(r -> log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "USER_MUTED").put("userId", target)
              .put("until", clock.instant().plusSeconds(seconds).toString())))
          .map(v -> new JsonObject().put("muted", target).put("seconds", seconds));
    });
  }

  /** A ban ends the viewer's room subscription and signaling inbox at once on every node. */
  public Future<JsonObject> ban(String userId, String role, JsonObject request, boolean banned) {
    JsonObject body = LiveCommands.BAN.check(request);
    return moderate(userId, role, body).compose(stream -> {
      String target = target(body, stream);
      String id = stream.getString("_id");
      return cache.write(id, new JsonObject().put(banned ? "$addToSet" : "$pull", new JsonObject().put("banned", target)))
          .compose(updated -> {
            if (!banned) {
              return Future.succeededFuture(new JsonObject().put("unbanned", target));
            }
            if (agora.enabled()) { // out of the video channel too, not only the room
              agora.kick(id, target, banMinutes)
                  .onFailure(err -> LOG.warn("Agora did not take the ban of {} in {}: {}", target, id, err.toString()));
            }
            for (String address : List.of(LiveAddresses.room(id), LiveAddresses.rtcInbox(id, target))) {
              vertx.eventBus().publish(BridgeAddresses.KICK, new JsonObject().put("address", address).put("userId", target)
                  .put("reason", "banned"));
            }
            return log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "USER_BANNED").put("userId", target))
                .map(v -> new JsonObject().put("banned", target));
          });
    });
  }

  public Future<JsonObject> slowMode(String userId, String role, JsonObject request) {
    JsonObject body = LiveCommands.SLOW.check(request);
    return moderate(userId, role, body).compose(stream -> {
      int seconds = body.getInteger("seconds");
      String id = stream.getString("_id");
      return cache.write(id, new JsonObject().put("$set", new JsonObject().put("settings.slowModeSeconds", seconds)))
          .compose(v -> log.append(id, new JsonObject().put("type", "SYSTEM").put("event", "SLOW_MODE").put("seconds", seconds)))
          .map(v -> new JsonObject().put("slowModeSeconds", seconds));
    });
  }

  /**
   * WebRTC signaling: viewers talk only to the creator, the creator to any entitled viewer; the
   * message lands in the recipient's inbox on whatever node its socket is.
   */
  public Future<JsonObject> signal(String userId, String role, JsonObject request) {
    JsonObject body = LiveCommands.SIGNAL.check(request);
    String to = body.getString("to");
    JsonObject signal = body.getJsonObject("signal");
    if (signal.encode().length() > 16_384) {
      return Future.failedFuture(new ApiException(400, "A signal is at most 16 KB."));
    }
    return cache.live(body.getString("streamId")).compose(stream -> {
      boolean fromCreator = userId.equals(stream.getString("creatorId"));
      if (!fromCreator && !to.equals(stream.getString("creatorId"))) {
        return Future.failedFuture(new ApiException(403, "Viewers signal only the creator."));
      }
      Future<JsonObject> allowed = fromCreator ? Future.succeededFuture(stream) : access.access(stream, userId, role);
      return allowed.map(ok -> {
        vertx.eventBus().publish(LiveAddresses.rtcInbox(stream.getString("_id"), to),
            new JsonObject().put("type", "SIGNAL").put("from", userId).put("signal", signal));
        return new JsonObject().put("sent", true);
      });
    });
  }

  /** The stream, when the caller is its creator, one of its moderators or an admin; 403 otherwise. */
  private Future<JsonObject> moderate(String userId, String role, JsonObject body) {
    return cache.stream(body.getString("streamId")).compose(stream -> moderator(stream, userId, role)
        ? Future.succeededFuture(stream) : Future.failedFuture(new ApiException(403, "Only the creator and moderators can do this.")));
  }

  private static String target(JsonObject body, JsonObject stream) {
    String target = body.getString("userId");
    if (target.equals(stream.getString("creatorId"))) {
      throw new ApiException(409, "The creator cannot be moderated.");
    }
    return target;
  }

  static boolean moderator(JsonObject stream, String userId, String role) {
    return userId.equals(stream.getString("creatorId")) || "ADMIN".equals(role)
        || stream.getJsonArray("moderators", new JsonArray()).contains(userId);
  }
}
