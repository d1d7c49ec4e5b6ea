package dev.creatorhub.crash;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.FreezableProxy;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node started while its store is unreachable waits for it (readiness 503 meanwhile) and
 * finishes starting once the store is back, instead of exiting.
 */
class StoreAtStartTest {

  @Test
  void aNodeWaitsForItsStoreAndReportsNotReadyMeanwhile() throws Exception {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1));
    URI store = URI.create(config.getJsonObject("mongo").getString("uri"));
    try (FreezableProxy proxy = new FreezableProxy(store.getPort())) {
      proxy.kill();
      config.getJsonObject("mongo").put("uri", "mongodb://127.0.0.1:" + proxy.port());
      config.getJsonObject("health").put("checkTimeoutMs", 1000);
      CompletableFuture<Node> starting = CompletableFuture.supplyAsync(() -> TestNodes.start(config, false));
      Http http = new Http(config.getJsonObject("http").getInteger("port"));
      Await.poll(() -> {
        try {
          return http.get("/health/ready").status() == 503;
        } catch (AssertionError notListening) {
          return false;
        }
      }, 20_000, "the gateway answers not ready while the store is away");
      // Longer than the driver's server selection timeout: a domain's start has failed once by then, and the node keeps trying.
      assertThatThrownBy(() -> starting.get(6, java.util.concurrent.TimeUnit.SECONDS)).as("still starting, not given up")
          .isInstanceOf(java.util.concurrent.TimeoutException.class);

      proxy.revive();
      Node node = starting.get(60, java.util.concurrent.TimeUnit.SECONDS);
      try {
        Await.poll(() -> http.get("/health/ready").status() == 200, 20_000, "ready once the store is back");
      } finally {
        Await.result(node.stop());
      }
    }
  }
}
