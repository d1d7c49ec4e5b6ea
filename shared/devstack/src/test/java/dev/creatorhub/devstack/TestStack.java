package dev.creatorhub.devstack;

import dev.creatorhub.shared.security.JwtKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The embedded stack, started once per test JVM and shared by every integration test. When
 * {@code MONGO_URI}, {@code KAFKA_BOOTSTRAP_SERVERS}, {@code REDIS_URI} or {@code S3_ENDPOINT} are
 * set, those real services replace the embedded ones (all four set: nothing embedded starts).
 */
public final class TestStack {

  private static JsonObject base;
  private static DevStack stack;

  private TestStack() {
  }

  /** A fresh copy of the test configuration, with its own free HTTP port. */
  public static synchronized JsonObject config() {
    if (base == null) {
      base = start();
    }
    JsonObject config = base.copy();
    config.getJsonObject("http").put("port", Ports.free());
    return config;
  }

  private static JsonObject start() {
    try {
      JsonObject config = new JsonObject(Files.readString(DevStack.locate("conf/default.json")));
      JsonObject dev = config.getJsonObject("devstack");
      for (String key : new String[] {"mongoPort", "redisPort", "kafkaPort", "kafkaControllerPort", "s3Port"}) {
        dev.put(key, 0);
      }
      config.getJsonObject("s3").put("accessKey", "test-access").put("secretKey", "test-secret");
      config.getJsonObject("mongo").put("db", "test");
      config.put("deploy", new JsonObject());
      config.getJsonObject("node").put("configScanMs", 0);
      int clusterPort = 20000 + (int) (ProcessHandle.current().pid() % 20000);
      config.getJsonObject("cluster")
          .put("name", "test-" + UUID.randomUUID())
          .put("port", clusterPort)
          .put("members", new JsonArray().add("127.0.0.1:" + clusterPort).add("127.0.0.1:" + (clusterPort + 1))
              .add("127.0.0.1:" + (clusterPort + 2)));
      config.getJsonObject("eventBus").put("requestTimeoutMs", 3000);

      Path keys = Files.createTempDirectory("creatorhub-test-keys");
      JwtKeys.generate(keys.resolve("public.pem"), keys.resolve("private.pem"));
      // Removed when the test JVM ends (deleteOnExit runs in reverse order: files, then the folder).
      keys.toFile().deleteOnExit();
      keys.resolve("public.pem").toFile().deleteOnExit();
      keys.resolve("private.pem").toFile().deleteOnExit();
      config.getJsonObject("jwt").put("publicKeyFile", keys.resolve("public.pem").toString())
          .put("privateKeyFile", keys.resolve("private.pem").toString());

      Map<String, String> env = System.getenv();
      boolean allExternal = env.containsKey("MONGO_URI") && env.containsKey("KAFKA_BOOTSTRAP_SERVERS")
          && env.containsKey("REDIS_URI") && env.containsKey("S3_ENDPOINT");
      if (!allExternal) {
        stack = DevStack.start(config, false);
        config.mergeIn(stack.overrides(), true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.close(), "test-stack-stop"));
      }
      if (env.containsKey("MONGO_URI")) {
        config.getJsonObject("mongo").put("uri", env.get("MONGO_URI"));
      }
      if (env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
        config.getJsonObject("kafka").put("bootstrapServers", env.get("KAFKA_BOOTSTRAP_SERVERS"));
      }
      if (env.containsKey("REDIS_URI")) {
        config.getJsonObject("redis").put("uri", env.get("REDIS_URI"));
      }
      if (env.containsKey("S3_ENDPOINT")) {
        config.getJsonObject("s3").put("endpoint", env.get("S3_ENDPOINT"));
      }
      return config;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test stack: " + e.getMessage(), e);
    }
  }
}
