package dev.creatorhub.live.store;

import dev.creatorhub.live.LiveAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

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
  // (Lua numbers are doubles: exact up to 2^53, but only %d writes them out whole.)
  private static final String APPEND = """
      if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[4]) end
      local seq = redis.call('INCR', KEYS[1])
      local msg = '{"seq":' .. string.format('%d', seq) .. ',' .. string.sub(ARGV[1], 2)
      redis.call('RPUSH', KEYS[2], msg)
      redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
      redis.call('EXPIRE', KEYS[1], ARGV[3])
      redis.call('EXPIRE', KEYS[2], ARGV[3])
      return msg""";

  // KEYS: backlog ; ARGV: seq. Messages start with {"seq":N, (APPEND writes them so).
  private static final String REMOVE = """
      local prefix = '{"seq":' .. ARGV[1] .. ','
      for _, item in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
        if string.sub(item, 1, string.len(prefix)) == prefix then
          return redis.call('LREM', KEYS[1], 1, item)
        end
      end
      return 0""";

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
    return redis.send(Request.cmd(Command.EVAL).arg(APPEND).arg(2).arg(seqKey(streamId)).arg(backlogKey(streamId))
            .arg(message.encode()).arg(backlogSize).arg(keepSeconds).arg(System.currentTimeMillis() * 1000))
        .map(stored -> new JsonObject(stored.toString()));
  }

  /** Sends a stored message to the room's viewers on every node. */
  public void publish(String streamId, JsonObject sequenced) {
    vertx.eventBus().publish(LiveAddresses.room(streamId), sequenced);
  }

  /** Takes a message out of the backlog (a moderator deleted it): no reconnect or history serves it again. */
  public Future<Void> remove(String streamId, long seq) {
    return redis.send(Request.cmd(Command.EVAL).arg(REMOVE).arg(1).arg(backlogKey(streamId)).arg(seq)).mapEmpty();
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
