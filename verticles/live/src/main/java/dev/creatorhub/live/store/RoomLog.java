package dev.creatorhub.live.store;

import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.shared.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;

/**
 * Each room's sequence and bounded backlog, in Redis so every node agrees: one script gives a
 * message the room's next {@code seq}, appends it to the backlog (trimmed to the newest
 * {@code backlogSize}) and returns it; then it is published to the room. A viewer reconnecting with
 * its last seq is served from the backlog. Seqs only grow, across Redis restarts too (see APPEND),
 * but are not contiguous there: viewers skip what they have seen, they never expect seq + 1.
 */
public final class RoomLog {

  // KEYS: seq, backlog ; ARGV: message, backlog size, keep seconds, base. A room's first seq (and its
  // first after Redis lost the key in a restart) follows the base, the caller's clock in ms x 1000:
  // always above every seq the room had before, so no viewer drops new messages as already seen.
  // (Lua numbers are doubles: exact up to 2^53, but only %d writes them out whole.) Leaves it in msg.
  private static final String APPEND_BODY = """
      if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[4]) end
      local seq = redis.call('INCR', KEYS[1])
      local msg = '{"seq":' .. string.format('%d', seq) .. ',' .. string.sub(ARGV[1], 2)
      redis.call('RPUSH', KEYS[2], msg)
      redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
      redis.call('EXPIRE', KEYS[1], ARGV[3])
      redis.call('EXPIRE', KEYS[2], ARGV[3])
      """;
  private static final RedisScript APPEND = RedisScript.of(APPEND_BODY + "return msg");

  // The room's rules for a chat message, then APPEND_BODY, in one round trip. KEYS 3-5: the user's
  // mute, rate window and slow-mode keys; ARGV 5-7: messages allowed per window, slow mode seconds
  // (0: off), 1 for a moderator (never muted or rate-limited). A refused message is not sequenced;
  // it is still counted in the rate window, so flooding does not reset it.
  private static final RedisScript APPEND_CHAT = RedisScript.of("""
      local moderator = ARGV[7] == '1'
      if not moderator and redis.call('EXISTS', KEYS[3]) == 1 then return {'muted'} end
      local recent = redis.call('INCR', KEYS[4])
      if recent == 1 then redis.call('EXPIRE', KEYS[4], 20) end
      if not moderator and recent > tonumber(ARGV[5]) then return {'rate'} end
      if tonumber(ARGV[6]) > 0 and not redis.call('SET', KEYS[5], '1', 'NX', 'EX', ARGV[6]) then return {'slow'} end
      """ + APPEND_BODY + "return {'ok', msg}");

  // KEYS: backlog ; ARGV: seq. Messages start with {"seq":N, (APPEND writes them so).
  private static final RedisScript REMOVE = RedisScript.of("""
      local prefix = '{"seq":' .. ARGV[1] .. ','
      for _, item in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
        if string.sub(item, 1, string.len(prefix)) == prefix then
          return redis.call('LREM', KEYS[1], 1, item)
        end
      end
      return 0""");

  /** The rules a user's chat message meets: per 10 s {@code window}, at most {@code perWindow}; slow mode. */
  public record ChatRules(boolean moderator, int perWindow, long window, int slowSeconds) {
  }

  /** A chat message either stored ({@code message} with its seq) or refused: {@code muted}, {@code rate} or {@code slow}. */
  public record ChatOutcome(String refused, JsonObject message) {
  }

  private final Vertx vertx;
  private final Redis redis;
  private final int backlogSize;
  private final long keepSeconds;

  public RoomLog(Vertx vertx, Redis redis, int backlogSize, long keepSeconds) {
    this.vertx = vertx;
    this.redis = redis;
    this.backlogSize = backlogSize;
    this.keepSeconds = keepSeconds;
  }

  /** Sequences, stores and publishes a room message ({@code type} first); returns it with its seq. */
  public Future<JsonObject> append(String streamId, JsonObject message) {
    return store(streamId, message).onSuccess(sequenced -> publish(streamId, sequenced));
  }

  /** Sequences and stores a room message in the backlog, not published yet (see {@link #publish}). */
  public Future<JsonObject> store(String streamId, JsonObject message) {
    return APPEND.run(redis, List.of(seqKey(streamId), backlogKey(streamId)),
            message.encode(), backlogSize, keepSeconds, System.currentTimeMillis() * 1000)
        .map(stored -> new JsonObject(stored.toString()));
  }

  /**
   * A user's chat message checked against the room's rules (mute, rate, slow mode: state every node
   * shares) and, when they allow it, sequenced and stored in the backlog like {@link #store}, in one
   * script. Not published yet.
   */
  public Future<ChatOutcome> storeChat(String streamId, String userId, ChatRules rules, JsonObject message) {
    return APPEND_CHAT.run(redis, List.of(seqKey(streamId), backlogKey(streamId), RoomState.muteKey(streamId, userId),
                RoomState.rateKey(streamId, userId, rules.window()), RoomState.slowKey(streamId, userId)),
            message.encode(), backlogSize, keepSeconds, System.currentTimeMillis() * 1000, rules.perWindow(), rules.slowSeconds(),
            rules.moderator() ? 1 : 0)
        .map(r -> "ok".equals(r.get(0).toString()) ? new ChatOutcome(null, new JsonObject(r.get(1).toString()))
            : new ChatOutcome(r.get(0).toString(), null));
  }

  /** Sends a stored message to the room's viewers on every node. */
  public void publish(String streamId, JsonObject sequenced) {
    vertx.eventBus().publish(LiveAddresses.room(streamId), sequenced);
  }

  /** Takes a message out of the backlog (a moderator deleted it): no reconnect or history serves it again. */
  public Future<Void> remove(String streamId, long seq) {
    return REMOVE.run(redis, List.of(backlogKey(streamId)), seq).mapEmpty();
  }

  /** Backlog messages after {@code afterSeq}, oldest first. */
  public Future<JsonArray> after(String streamId, long afterSeq) {
    return redis.send(Request.cmd(Command.LRANGE).arg(backlogKey(streamId)).arg(0).arg(-1)).map(list -> {
      JsonArray missed = new JsonArray();
      if (list != null) {
        for (Response item : list) {
          JsonObject message = new JsonObject(item.toString());
          if (message.getLong("seq") > afterSeq) {
            missed.add(message);
          }
        }
      }
      return missed;
    });
  }

  public Future<Long> lastSeq(String streamId) {
    return redis.send(Request.cmd(Command.GET).arg(seqKey(streamId))).map(r -> r == null ? 0L : r.toLong());
  }

  private static String seqKey(String streamId) {
    return "live:seq:" + streamId;
  }

  private static String backlogKey(String streamId) {
    return "live:backlog:" + streamId;
  }
}
