package dev.creatorhub.testing;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.devstack.DevStack;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestStack;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Starts real clustered nodes (Hazelcast on loopback) against the shared test stack. */
public final class TestNodes {

  private TestNodes() {
  }

  /** The test config with a gateway, test rate-limit group and test CORS origin. */
  public static JsonObject config(int gateways) {
    JsonObject config = TestStack.config();
    config.put("deploy", new JsonObject().put("gateway", gateways));
    config.getJsonObject("rateLimits").getJsonObject("groups")
        .put("test", new JsonObject().put("windowSeconds", 30).put("perIp", 3).put("perUser", 3));
    config.getJsonObject("http").put("webroot", DevStack.locate("webroot").toAbsolutePath().toString());
    config.getJsonObject("cors").put("allowedOrigins", new JsonArray().add("https://allowed.example"));
    return config;
  }

  public static Node start(JsonObject config, boolean withTestDomain) {
    Node node = Await.result(Node.start(config));
    if (withTestDomain) {
      Await.result(node.vertx().deployVerticle(new TestDomainVerticle(), new DeploymentOptions().setConfig(node.config())));
    }
    return node;
  }
}
