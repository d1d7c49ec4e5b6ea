package dev.creatorhub.shared.redis;

import dev.creatorhub.devstack.TestStack;
import dev.creatorhub.shared.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A script is called by its SHA1, and sent again whole when Redis does not know it (first use, flushed scripts). */
class RedisScriptTest {

  static Vertx vertx;
  static Redis redis;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = RedisClients.create(vertx, TestStack.config());
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @Test
  void runsByShaAndLoadsItselfAgainAfterAFlush() {
    String key = "script-test:" + UUID.randomUUID();
    RedisScript script = RedisScript.of("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    assertThat(Await.result(script.run(redis, List.of(key), 2)).toLong()).isEqualTo(2);
    assertThat(Await.result(redis.send(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(script.sha()))).get(0).toInteger()).isEqualTo(1);
    assertThat(Await.result(script.run(redis, List.of(key), 3)).toLong()).isEqualTo(5);

    Await.result(redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));
    assertThat(Await.result(script.run(redis, List.of(key), 4)).toLong()).isEqualTo(9);
  }

  @Test
  void aScriptsOwnErrorReachesTheCaller() {
    RedisScript failing = RedisScript.of("return redis.call('INCR', KEYS[1], 'extra')");
    assertThatThrownBy(() -> Await.result(failing.run(redis, List.of("script-test:" + UUID.randomUUID()))))
        .hasMessageContaining("Wrong number of args");
  }
}
