package dev.creatorhub.crash;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More tips at once than the payments domain takes (a small {@code eventBus.maxInFlight}): the
 * excess is refused fast with 503 and Retry-After, never 500 or a timeout, and a retry with the
 * same key is charged exactly once.
 */
class OverloadTest {

  private static final int TIPS = 40;

  @Test
  void overloadIsShedWith503AndRetryAfterAndRetriesChargeOnce() throws Exception {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1).put("outbox-relay", 1));
    config.getJsonObject("rateLimits").put("enabled", false);
    config.getJsonObject("eventBus").put("maxInFlight", 4);
    Node node = TestNodes.start(config, false);
    int port = config.getJsonObject("http").getInteger("port");
    Http http = new Http(port);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      JsonObject creator = TestAccounts.create(http, "CREATOR");
      JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < TIPS; i++) {
        keys.add(UUID.randomUUID().toString());
      }
      Map<Integer, Integer> firstStatuses = new TreeMap<>();
      List<CompletableFuture<HttpResponse<String>>> first = keys.stream().map(key -> client.sendAsync(tip(port, fan, creator, key),
          HttpResponse.BodyHandlers.ofString())).toList();
      List<String> retry = new ArrayList<>();
      for (int i = 0; i < TIPS; i++) {
        HttpResponse<String> response = first.get(i).join();
        firstStatuses.merge(response.statusCode(), 1, Integer::sum);
        if (response.statusCode() == 503) {
          assertThat(response.headers().firstValue("Retry-After")).as("503 says when to come back").isPresent();
          assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
          retry.add(keys.get(i));
        } else {
          assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
      }
      System.out.println("OverloadTest: " + TIPS + " tips at once with maxInFlight 4: " + firstStatuses);
      assertThat(firstStatuses).containsKeys(201, 503);

      for (String key : retry) {
        int status = 503;
        for (int attempt = 0; attempt < 20 && status == 503; attempt++) {
          status = client.send(tip(port, fan, creator, key), HttpResponse.BodyHandlers.ofString()).statusCode();
        }
        assertThat(status).isEqualTo(201);
      }
      Await.poll(() -> http.get("/api/v1/earnings", "Authorization", "Bearer " + creator.getString("token")).json()
          .getJsonObject("gross").getLong("amount") == TIPS * 500L, 10_000, "every tip charged once");
    } finally {
      Await.result(node.stop());
    }
  }

  private static HttpRequest tip(int port, JsonObject fan, JsonObject creator, String key) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tips")).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + fan.getString("token"))
        .header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("creator", creator.getString("username"))
            .put("amount", new JsonObject().put("amount", 500).put("currency", "USD")).put("paymentMethod", "pm_card_visa").encode()))
        .build();
  }
}
