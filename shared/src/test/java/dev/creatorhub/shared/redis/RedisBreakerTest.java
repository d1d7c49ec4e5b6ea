package dev.creatorhub.shared.redis;

import dev.creatorhub.shared.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.impl.types.ErrorType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RedisBreakerTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void anErrorReplyTakesTheDegradedPathButOnlyUnreachabilityStopsAskingRedis() {
    RedisBreaker breaker = new RedisBreaker(vertx, "test", 60_000, "degraded");
    AtomicInteger asked = new AtomicInteger();
    // A restarting Redis answers LOADING: the caller still gets its degraded answer, never a failure.
    for (int i = 0; i < 5; i++) {
      assertThat(Await.result(breaker.call(() -> {
        asked.incrementAndGet();
        return Future.failedFuture(ErrorType.create("LOADING Redis is loading the dataset in memory"));
      }, () -> 7))).isEqualTo(7);
    }
    assertThat(asked).as("error replies do not open the breaker").hasValue(5);
    // Three calls that cannot reach Redis: the next ones skip it.
    for (int i = 0; i < 3; i++) {
      assertThat(Await.result(breaker.call(() -> {
        asked.incrementAndGet();
        return Future.failedFuture(new IOException("connection refused"));
      }, () -> 8))).isEqualTo(8);
    }
    assertThat(Await.result(breaker.call(() -> {
      asked.incrementAndGet();
      return Future.succeededFuture(1);
    }, () -> 9))).isEqualTo(9);
    assertThat(asked).as("Redis not asked while it is known to be away").hasValue(8);
  }
}
