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
    return redis.send(Request.cmd(Command.SET).arg(muteKey(streamId, userId)).arg("1").arg("EX").arg(seconds)).mapEmpty();
  }

  static String muteKey(String streamId, String userId) {
    return "live:mute:" + streamId + ":" + userId;
  }

  /** The user's messages in the room in one 10 s window. */
  static String rateKey(String streamId, String userId, long window) {
    return "live:rate:" + streamId + ":" + userId + ":" + window;
  }

  /** Set for slow mode's wait after a user's message. */
  static String slowKey(String streamId, String userId) {
    return "live:slow:" + streamId + ":" + userId;
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
