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
 * For Redis uses that can do without Redis for a while (rate limits, login throttle counters): a call
 * that fails takes the degraded path (an error reply too: {@code LOADING} after a restart,
 * {@code READONLY} in a failover); after a few calls that could not reach Redis at all, the next
 * calls skip it for {@code retryMs} and take the degraded path at once, instead of each waiting out
 * the Redis deadline; then one call tries again.
 */
public final class RedisBreaker {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBreaker.class);

  private final CircuitBreaker breaker;
  private final String use;
  private final String degraded;
  private volatile long lastWarning;

  public RedisBreaker(Vertx vertx, String use, long retryMs, String degraded) {
    this.use = use;
    this.degraded = degraded;
    this.breaker = CircuitBreaker.create("redis-" + use, vertx, new CircuitBreakerOptions()
            .setMaxFailures(3).setFailuresRollingWindow(10_000).setTimeout(-1).setResetTimeout(retryMs).setNotificationAddress(null))
        .failurePolicy(result -> result.failed() && BusErrors.unreachable(result.cause()))
        .openHandler(v -> LOG.warn("Redis unreachable: {} {}", use, degraded))
        .closeHandler(v -> LOG.info("Redis reachable again: {} back to normal", use));
  }

  /** The Redis call's result, or {@code withoutRedis} when it failed (or Redis was unreachable a moment ago). */
  public <T> Future<T> call(Supplier<Future<T>> inRedis, Supplier<T> withoutRedis) {
    return breaker.<T>execute(inRedis).recover(err -> {
      long now = System.currentTimeMillis();
      if (!BusErrors.unreachable(err) && !(err instanceof OpenCircuitException) && now - lastWarning > 10_000) {
        lastWarning = now; // one line per 10 s, not one per request
        LOG.warn("Redis call failed ({}), {}: {}", use, degraded, err.toString());
      }
      return Future.succeededFuture(withoutRedis.get());
    });
  }
}
