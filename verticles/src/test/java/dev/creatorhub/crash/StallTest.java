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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3 and Redis stalling (bytes stop, as under SIGSTOP) or dying under a running node: requests
 * get a quick 503 with Retry-After (or still work where a dependency may degrade: sign-in, the
 * feed, rate limits), never a 500 or a hang, and readiness says which dependency is down with a 503.
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
  void signInAndTheFeedWorkWhileRedisIsStalledOrDeadAndGuessingIsStillSlowed() {
    List<JsonObject> guessed = List.of(TestAccounts.create(http, "SUBSCRIBER"), TestAccounts.create(http, "SUBSCRIBER"));
    int round = 0;
    for (Runnable fault : new Runnable[] {redis::freeze, redis::kill}) {
      fault.run();
      round++;
      // Sessions live in the store: signing in and refreshing need no Redis.
      long t0 = System.currentTimeMillis();
      Http.Response login = login(creator.getString("username"), TestAccounts.PASSWORD, "203.0.113.1");
      assertThat(login.status()).as(login.body()).isEqualTo(200);
      assertThat(System.currentTimeMillis() - t0).as("one Redis deadline at most").isLessThan(5_000);
      Http.Response refreshed = http.post("/api/v1/auth/refresh", "application/json",
          new JsonObject().put("refreshToken", login.json().getString("refreshToken")).encode());
      assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
      Http.Response me = http.get("/api/v1/users/me", "Authorization", "Bearer " + refreshed.json().getString("accessToken"));
      assertThat(me.status()).as(me.body()).isEqualTo(200);
      // The feed only caches counters in Redis: it answers from the store.
      Http.Response feed = http.get("/api/v1/feed", "Authorization", "Bearer " + creator.getString("token"));
      assertThat(feed.status()).as(feed.body()).isEqualTo(200);
      Http.Response ready = http.get("/health/ready");
      assertThat(ready.status()).as(ready.body()).isEqualTo(503);
      assertThat(ready.body()).contains("redis");

      // Failed guesses are counted on this node meanwhile: past the free ones, the next must wait (429).
      String ip = "203.0.113." + (10 + round);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        statuses.add(login(guessed.get(round - 1).getString("username"), "wrong-" + i, ip).status());
      }
      assertThat(statuses).as("guesses while Redis is %s", round == 1 ? "stalled" : "dead").startsWith(401, 401, 401, 401, 401).contains(429)
          .doesNotContain(500, 503);
      redis.revive();
    }
    Http.Response login = login(creator.getString("username"), TestAccounts.PASSWORD, "203.0.113.1");
    assertThat(login.status()).as(login.body()).isEqualTo(200);
  }

  private static Http.Response login(String username, String password, String ip) {
    return http.post("/api/v1/auth/login", "application/json",
        new JsonObject().put("login", username).put("password", password).encode(), "X-Forwarded-For", ip);
  }
}
