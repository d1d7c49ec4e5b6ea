package dev.creatorhub.testing;

import dev.creatorhub.node.Node;
import dev.creatorhub.devstack.DevStack;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.devstack.TestStack;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Starts real clustered nodes (Hazelcast on loopback) against the shared test stack. */
public final class TestNodes {

  public static final String WEBHOOK_SECRET = "whsec_test_secret";

  private TestNodes() {
  }

  /** The test config with a gateway, test rate-limit group and test CORS origin. */
  public static JsonObject config(int gateways) {
    JsonObject config = TestStack.config();
    config.put("deploy", new JsonObject().put("gateway", gateways));
    config.getJsonObject("rateLimits").getJsonObject("groups")
        .put("test", new JsonObject().put("windowSeconds", 30).put("perIp", 3).put("perUser", 3));
    config.getJsonObject("http").put("webroot", DevStack.locate("webroot/dist").toAbsolutePath().toString());
    config.getJsonObject("cors").put("allowedOrigins", new JsonArray().add("https://allowed.example"));
    // Every test class in this JVM shares one Redis and calls from 127.0.0.1: across classes, the
    // default group's per-address limit (1,200 a minute) is reached. Its own tests use the "test" group.
    config.getJsonObject("rateLimits").getJsonObject("groups").getJsonObject("default").put("perIp", 100_000).put("perUser", 100_000);
    // Tests sign up many accounts from one address; the sign-in throttle is tested with distinct X-Forwarded-For.
    config.getJsonObject("rateLimits").getJsonObject("groups").getJsonObject("auth").put("perIp", 100_000).put("perUser", 100_000);
    // The test clients on loopback act as a trusted proxy: their X-Forwarded-For names the client.
    config.getJsonObject("http").put("trustedProxies", new JsonArray().add("127.0.0.1"));
    config.getJsonObject("health").put("requiredServices", new JsonArray());
    config.getJsonObject("payments").put("webhookSecret", WEBHOOK_SECRET)
        .put("sandbox", new JsonObject().put("webhookUrl", "").put("disputeDelayMs", 300));
    config.getJsonObject("auth").put("bootstrapAdmin", new JsonObject().put("username", "root")
        .put("email", "root@creatorhub.test").put("password", "bootstrap-Secret-9x"));
    return config;
  }

  /** A node with the given verticles deployed by name, plus the test config. */
  public static JsonObject config(JsonObject deploy) {
    JsonObject config = config(0);
    config.put("deploy", deploy);
    return config;
  }

  /** A node; with the test domain, deployed by the node from its plug-in ({@link TestPlugin}) like any domain. */
  public static Node start(JsonObject config, boolean withTestDomain) {
    // Each node its own management port, never 0: a server asking the OS for any port can get one
    // promised to a node not started yet (tests copy one node's config for the next).
    config.getJsonObject("management").put("port", dev.creatorhub.devstack.Ports.free());
    if (withTestDomain) {
      config.getJsonObject("deploy").put(TestDomainVerticle.SERVICE, 1);
    }
    return Await.result(Node.start(config));
  }
}
