package dev.creatorhub.shared.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis client whose every call has a deadline. The client has none of its own: a frozen Redis
 * (SIGSTOP, a full network buffer) held every request that touched it (sign-in, rate limits, the
 * feed) for as long as the freeze lasted. Each caller decides what a timeout means for it (rate
 * limits fail open, sign-in answers 503).
 */
final class TimedRedis implements Redis {

  private final Redis delegate;
  private final long timeoutMs;

  TimedRedis(Redis delegate, long timeoutMs) {
    this.delegate = delegate;
    this.timeoutMs = timeoutMs;
  }

  /** A lost connection is reported like any other unreachable dependency (an IOException), not as a Redis error reply. */
  private static <T> Future<T> connectivity(Throwable err) {
    String message = String.valueOf(err.getMessage());
    return Future.failedFuture(message.startsWith("CONNECTION_CLOSED") ? new IOException("Redis connection lost: " + message, err) : err);
  }

  @Override
  public Future<RedisConnection> connect() {
    return delegate.connect().timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  @Override
  public Future<Response> send(Request command) {
    return delegate.send(command).timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(TimedRedis::connectivity);
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return delegate.batch(commands).timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(TimedRedis::connectivity);
  }
}
