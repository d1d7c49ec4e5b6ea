package dev.creatorhub.live.service;

import dev.creatorhub.live.LiveSettings;
import dev.creatorhub.live.store.RoomLog;
import dev.creatorhub.live.store.RoomRecords;
import dev.creatorhub.live.store.RoomState;
import dev.creatorhub.live.store.StreamStore;
import dev.creatorhub.payments.api.PaymentsClient;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.text.DisplayText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/** What viewers send to a room: chat (muted, rate-limited, slow mode) and tips. */
public final class RoomChat {

  private final StreamStore store;
  private final RoomRecords records;
  private final RoomState state;
  private final RoomLog log;
  private final StreamCache cache;
  private final RoomAccess access;
  private final PaymentsClient payments;
  private final LiveSettings settings;
  private final String currency;
  private final Clock clock;

  RoomChat(StreamStore store, RoomRecords records, RoomState state, RoomLog log, StreamCache cache, RoomAccess access,
           PaymentsClient payments, LiveSettings settings, Clock clock) {
    this.store = store;
    this.records = records;
    this.state = state;
    this.log = log;
    this.cache = cache;
    this.access = access;
    this.payments = payments;
    this.settings = settings;
    this.currency = settings.currency();
    this.clock = clock;
  }

  public Future<JsonObject> chat(String userId, String role, JsonObject request) {
    JsonObject body = LiveCommands.CHAT.check(request);
    String text = DisplayText.text(body.getString("text"));
    if (text.isEmpty() || text.length() > settings.maxChatLength()) {
      return Future.failedFuture(new ApiException(400, "text is 1 to " + settings.maxChatLength() + " characters."));
    }
    return cache.live(body.getString("streamId")).compose(stream -> {
      if (!stream.getJsonObject("settings").getBoolean("chatEnabled", true)) {
        return Future.failedFuture(new ApiException(409, "Chat is off in this stream."));
      }
      String id = stream.getString("_id");
      boolean moderator = RoomModeration.moderator(stream, userId, role);
      int slow = moderator ? 0 : stream.getJsonObject("settings").getInteger("slowModeSeconds", 0);
      RoomLog.ChatRules rules = new RoomLog.ChatRules(moderator, settings.chatPerUserPer10s(), clock.millis() / 10_000, slow);
      return access.access(stream, userId, role)
          .compose(ok -> cache.username(userId))
          .compose(name -> log.storeChat(id, userId, rules, new JsonObject().put("type", "MESSAGE").put("userId", userId)
              .put("username", name).put("text", text).put("at", clock.instant().toString())))
          .compose(outcome -> outcome.refused() != null ? Future.failedFuture(refusal(outcome.refused(), slow))
              : Future.succeededFuture(outcome.message()))
          // Recorded (moderation, reports) before anyone sees it; a message that could not be recorded is never shown.
          .compose(message -> records.addMessage(id, message.getLong("seq"), userId, text, message.getString("at"))
              .recover(err -> log.remove(id, message.getLong("seq")).transform(v -> Future.failedFuture(err)))
              .onSuccess(v -> log.publish(id, message))
              .map(v -> {
                records.countMessage(id, userId);
                return new JsonObject().put("seq", message.getLong("seq"));
              }));
    });
  }

  /** Muted, rate (per user per 10 s) and slow mode are checked in Redis, so they hold across nodes. */
  private static ApiException refusal(String refused, int slowSeconds) {
    return switch (refused) {
      case "muted" -> new ApiException(403, "You are muted in this stream.");
      case "rate" -> new ApiException(429, "Too many messages; slow down.");
      default -> new ApiException(429, "Slow mode: one message every " + slowSeconds + " s.");
    };
  }

  /**
   * A tip from the room, paid through the money domain under the client's idempotency key (and
   * validated there exactly like {@code POST /tips}), shown in the room once per payment however
   * often the client retries.
   */
  public Future<JsonObject> tip(String userId, String role, JsonObject request) {
    JsonObject body = LiveCommands.TIP.check(request);
    // An integer is minor units of the platform's currency; anything else is passed on untouched for payments to judge.
    Object amount = body.getValue("amount") instanceof JsonObject money ? money
        : new JsonObject().put("amount", body.getValue("amount")).put("currency", currency);
    String message = DisplayText.text(body.getString("message"));
    return cache.live(body.getString("streamId")).compose(stream -> {
      if (!stream.getJsonObject("settings").getBoolean("tipsEnabled", true)) {
        return Future.failedFuture(new ApiException(409, "Tips are off in this stream."));
      }
      String id = stream.getString("_id");
      return access.access(stream, userId, role)
          .compose(ok -> body.getString("paymentMethod") != null ? Future.succeededFuture(body.getString("paymentMethod"))
              : payments.defaultCard(userId))
          .compose(paymentMethod -> {
            JsonObject tip = new JsonObject().put("creator", stream.getString("creatorId")).put("streamId", id)
                .put("amount", amount).put("paymentMethod", paymentMethod);
            if (message != null && !message.isEmpty()) {
              tip.put("message", message);
            }
            return payments.tip(userId, tip, "live:" + id + ":" + body.getString("idempotencyKey"));
          })
          .compose(receipt -> announceTip(stream, userId, receipt, message).map(receipt));
    });
  }

  private Future<Void> announceTip(JsonObject stream, String userId, JsonObject receipt, String message) {
    String id = stream.getString("_id");
    long amount = receipt.getJsonObject("amount").getLong("amount");
    return state.firstShowing(receipt.getString("id")).compose(first -> {
      if (!first) {
        return Future.succeededFuture(); // a retry: the room has seen this payment
      }
      return cache.username(userId)
          .compose(name -> log.append(id, new JsonObject().put("type", "TIP").put("userId", userId).put("username", name)
              .put("amount", new JsonObject().put("amount", amount).put("currency", currency)).put("message", message)
              .put("at", clock.instant().toString())))
          .compose(v -> store.addTips(id, amount))
          .compose(v -> records.viewerStats(id, userId, new JsonObject().put("totalTipped", amount), clock.instant().toString()))
          .onSuccess(v -> cache.changed(id))
          .mapEmpty();
    });
  }
}
