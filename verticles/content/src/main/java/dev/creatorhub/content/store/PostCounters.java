package dev.creatorhub.content.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Likes and views as lists show them, in Redis: the store's value after each change is copied to a
 * hash, so in-memory timelines never have to be re-read for counters; and one view per viewer per
 * period. Best effort: a Redis that is away costs freshness, never a failed read.
 */
public final class PostCounters {

  public static final String LIKES = "content:likes";
  public static final String VIEWS = "content:views";

  private final Redis redis;

  public PostCounters(Redis redis) {
    this.redis = redis;
  }

  /** True the first time in {@code periodSeconds} the viewer saw the post. */
  public Future<Boolean> firstView(String postId, String userId, long periodSeconds) {
    return redis.send(Request.cmd(Command.SET).arg("view:" + postId + ":" + userId).arg("1").arg("NX").arg("EX").arg(periodSeconds))
        .map(r -> r != null);
  }

  public Future<Void> publish(String hash, String postId, long value) {
    return redis.send(Request.cmd(Command.HSET).arg(hash).arg(postId).arg(value))
        .<Void>mapEmpty().recover(err -> Future.succeededFuture());
  }

  /** The likes and views of these posts (null where unknown), or null when Redis could not answer. */
  public Future<List<Long[]>> read(List<String> postIds) {
    Request likes = Request.cmd(Command.HMGET).arg(LIKES);
    Request views = Request.cmd(Command.HMGET).arg(VIEWS);
    postIds.forEach(id -> {
      likes.arg(id);
      views.arg(id);
    });
    return redis.batch(List.of(likes, views)).map(counters -> {
      List<Long[]> values = new ArrayList<>(postIds.size());
      for (int i = 0; i < postIds.size(); i++) {
        values.add(new Long[] {value(counters.get(0).get(i)), value(counters.get(1).get(i))});
      }
      return values;
    }).otherwise((List<Long[]>) null);
  }

  public void close() {
    redis.close();
  }

  private static Long value(Response response) {
    return response == null ? null : response.toLong();
  }
}
