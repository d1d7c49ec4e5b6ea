package dev.creatorhub.shared.redis;

import dev.creatorhub.shared.bus.BusErrors;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * For Redis uses that can do without Redis for a while (rate limits, login throttle counters): after
 * a call that could not reach Redis, the next calls skip it for {@code retryMs} and take the
 * degraded path at once, instead of each waiting out the Redis deadline; then one call tries again.
 * Only unreachability opens it: a Redis error reply is the caller's to handle.
 */
public final class RedisBreaker {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBreaker.class);

  private final CircuitBreaker breaker;

  public RedisBreaker(Vertx vertx, String use, long retryMs, String degraded) {
    this.breaker = CircuitBreaker.create("redis-" + use, vertx, new CircuitBreakerOptions()
            .setMaxFailures(1).setTimeout(-1).setResetTimeout(retryMs).setNotificationAddress(null))
        .failurePolicy(result -> result.failed() && BusErrors.unreachable(result.cause()))
        .openHandler(v -> LOG.warn("Redis unreachable: {} {}", use, degraded))
        .closeHandler(v -> LOG.info("Redis reachable again: {} back to normal", use));
  }

  /** The Redis call's result, or {@code withoutRedis} when Redis is unreachable (or was, a moment ago). */
  public <T> Future<T> call(Supplier<Future<T>> inRedis, Supplier<T> withoutRedis) {
    return breaker.<T>execute(inRedis).recover(err -> BusErrors.unreachable(err) || err instanceof OpenCircuitException
        ? Future.succeededFuture(withoutRedis.get()) : Future.failedFuture(err));
  }
}
