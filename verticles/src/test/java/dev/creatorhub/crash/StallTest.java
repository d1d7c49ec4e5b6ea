package dev.creatorhub.crash;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.FreezableProxy;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestMedia;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3 and Redis stalling (bytes stop, as under SIGSTOP) or dying under a running node: requests
 * get a quick 503 with Retry-After (or still work where a dependency may degrade: the feed, rate
 * limits), never a 500 or a hang, and readiness says which dependency is down with a 503.
 */
class StallTest {

  static Node node;
  static Http http;
  static FreezableProxy s3;
  static FreezableProxy redis;
  static JsonObject creator;

  @BeforeAll
  static void start() throws Exception {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("uploads", 1).put("content", 1).put("payments", 1));
    URI s3Endpoint = URI.create(config.getJsonObject("s3").getString("endpoint"));
    URI redisUri = URI.create(config.getJsonObject("redis").getString("uri"));
    s3 = new FreezableProxy(s3Endpoint.getPort());
    redis = new FreezableProxy(redisUri.getPort());
    config.getJsonObject("s3").put("endpoint", "http://127.0.0.1:" + s3.port()).put("timeoutMs", 1500);
    config.getJsonObject("redis").put("uri", "redis://127.0.0.1:" + redis.port());
    config.getJsonObject("health").put("checkTimeoutMs", 1000);
    node = TestNodes.start(config, false);
    http = new Http(config.getJsonObject("http").getInteger("port"));
    creator = TestAccounts.create(http, "CREATOR");
  }

  @AfterEach
  void revive() {
    s3.revive();
    redis.revive();
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(node.stop());
    s3.close();
    redis.close();
  }

  @Test
  void aStalledS3AnswersUploadsWith503QuicklyAndReadinessSaysS3() {
    s3.freeze();
    long t0 = System.currentTimeMillis();
    Http.Response upload = http.upload("/api/v1/media", "file", "a.png", "image/png", TestMedia.image("png", 64, 64, 1),
        "Authorization", "Bearer " + creator.getString("token"));
    long took = System.currentTimeMillis() - t0;
    assertThat(upload.status()).as(upload.body()).isEqualTo(503);
    assertThat(upload.header("Content-Type")).startsWith("application/problem+json");
    assertThat(upload.header("Retry-After")).isNotNull();
    assertThat(took).as("answered within the S3 deadline, not the stall").isLessThan(10_000);

    Http.Response ready = http.get("/health/ready");
    assertThat(ready.status()).as(ready.body()).isEqualTo(503);
    assertThat(ready.body()).contains("s3");

    s3.revive();
    Http.Response again = http.upload("/api/v1/media", "file", "a.png", "image/png", TestMedia.image("png", 64, 64, 2),
        "Authorization", "Bearer " + creator.getString("token"));
    assertThat(again.status()).as(again.body()).isEqualTo(201);
  }

  @Test
  void aStalledOrDeadRedisNeverAnswers500() {
    for (Runnable fault : new Runnable[] {redis::freeze, redis::kill}) {
      fault.run();
      long t0 = System.currentTimeMillis();
      Http.Response login = http.post("/api/v1/auth/login", "application/json",
          new JsonObject().put("login", creator.getString("username")).put("password", TestAccounts.PASSWORD).encode());
      assertThat(login.status()).as(login.body()).isIn(200, 503);
      assertThat(System.currentTimeMillis() - t0).isLessThan(8_000);
      Http.Response me = http.get("/api/v1/users/me", "Authorization", "Bearer " + creator.getString("token"));
      assertThat(me.status()).as(me.body()).isIn(200, 503);
      // The feed only caches counters in Redis: it answers from the store.
      Http.Response feed = http.get("/api/v1/feed", "Authorization", "Bearer " + creator.getString("token"));
      assertThat(feed.status()).as(feed.body()).isEqualTo(200);
      Http.Response ready = http.get("/health/ready");
      assertThat(ready.status()).as(ready.body()).isEqualTo(503);
      assertThat(ready.body()).contains("redis");
      redis.revive();
    }
    Http.Response login = http.post("/api/v1/auth/login", "application/json",
        new JsonObject().put("login", creator.getString("username")).put("password", TestAccounts.PASSWORD).encode());
    assertThat(login.status()).as(login.body()).isEqualTo(200);
  }
}
