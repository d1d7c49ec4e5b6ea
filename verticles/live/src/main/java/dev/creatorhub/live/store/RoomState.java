package dev.creatorhub.live.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/** A room's state every node must agree on, in Redis: mutes, chat rate, slow mode, presence, locks. */
public final class RoomState {

  private final Redis redis;

  public RoomState(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> mute(String streamId, String userId, int seconds) {
    return redis.send(Request.cmd(Command.SET).arg("live:mute:" + streamId + ":" + userId).arg("1").arg("EX").arg(seconds)).mapEmpty();
  }

  /** What decides whether a chat message may go: a mute, the messages in the rate window (this one counted), slow mode. */
  public record ChatGate(boolean muted, long recent, boolean slowed) {
  }

  // KEYS: mute, rate window, slow ; ARGV: slow mode seconds (0: off). One round trip per message.
  private static final String CHAT_GATE = """
      local muted = redis.call('EXISTS', KEYS[1])
      local recent = redis.call('INCR', KEYS[2])
      if recent == 1 then redis.call('EXPIRE', KEYS[2], 20) end
      local slowed = 0
      if tonumber(ARGV[1]) > 0 and not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[1]) then slowed = 1 end
      return {muted, recent, slowed}""";

  /**
   * Checks a message against the room's rules and counts it, in one script: the user's mute, its
   * messages in the 10 s {@code window}, and (when {@code slowSeconds} > 0) whether it sent one less
   * than that long ago, which otherwise starts the wait.
   */
  public Future<ChatGate> chatGate(String streamId, String userId, long window, int slowSeconds) {
    String user = streamId + ":" + userId;
    return redis.send(Request.cmd(Command.EVAL).arg(CHAT_GATE).arg(3).arg("live:mute:" + user).arg("live:rate:" + user + ":" + window)
            .arg("live:slow:" + user).arg(slowSeconds))
        .map(r -> new ChatGate(r.get(0).toInteger() == 1, r.get(1).toLong(), r.get(2).toInteger() == 1));
  }

  /** True the first time a payment is shown in its room. */
  public Future<Boolean> firstShowing(String paymentId) {
    return redis.send(Request.cmd(Command.SET).arg("live:tip:" + paymentId).arg("1").arg("NX").arg("EX").arg(86_400)).map(r -> r != null);
  }

  /** The user's sockets in the room after this change. */
  public Future<Long> sockets(String streamId, String userId, int delta) {
    return redis.send(Request.cmd(Command.HINCRBY).arg(viewers(streamId)).arg(userId).arg(delta)).map(r -> r.toLong());
  }

  public Future<Void> gone(String streamId, String userId) {
    return redis.send(Request.cmd(Command.HDEL).arg(viewers(streamId)).arg(userId)).mapEmpty();
  }

  public Future<Long> viewerCount(String streamId) {
    return redis.send(Request.cmd(Command.HLEN).arg(viewers(streamId))).map(r -> r.toLong());
  }

  public Future<Boolean> present(String streamId, String userId) {
    return redis.send(Request.cmd(Command.HEXISTS).arg(viewers(streamId)).arg(userId)).map(r -> r.toInteger() == 1);
  }

  public Future<Void> creatorSeen(String streamId, long atMs, long keepSeconds) {
    return redis.send(Request.cmd(Command.SET).arg("live:creator-seen:" + streamId).arg(atMs).arg("EX").arg(keepSeconds)).mapEmpty();
  }

  /** When the creator was last seen in the room (epoch ms), or null. */
  public Future<Long> creatorLastSeen(String streamId) {
    return redis.send(Request.cmd(Command.GET).arg("live:creator-seen:" + streamId)).map(r -> r == null ? null : r.toLong());
  }

  /** True for the one instance in the cluster that takes this period's tick of the stream. */
  public Future<Boolean> tick(String streamId, long forMs) {
    return redis.send(Request.cmd(Command.SET).arg("live:tick:" + streamId).arg("1").arg("NX").arg("PX").arg(forMs)).map(r -> r != null);
  }

  private static String viewers(String streamId) {
    return "live:viewers:" + streamId;
  }
}
