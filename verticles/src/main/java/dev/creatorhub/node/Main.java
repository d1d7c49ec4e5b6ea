package dev.creatorhub.node;

import dev.creatorhub.shared.config.Settings;
import dev.creatorhub.shared.config.EmbeddedStack;
import dev.creatorhub.shared.config.NodeConfig;
import dev.creatorhub.shared.security.DevSecrets;
import dev.creatorhub.shared.security.JwtKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Starts a node: {@code java -jar creatorhub.jar [--profile dev] [--conf-dir conf]}. With
 * {@code devstack.enabled} (the {@code dev} profile) it first starts the embedded stack (Kafka,
 * Redis, S3, MongoDB-compatible), which only the dev jar {@code creatorhub-dev.jar} carries.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    String profile = option(args, "--profile", System.getenv().getOrDefault("PROFILE", ""));
    String confDir = option(args, "--conf-dir", System.getenv().getOrDefault("CONF_DIR", "conf"));
    if (System.getProperty("LOG_FORMAT") == null && System.getenv("LOG_FORMAT") == null) {
      System.setProperty("LOG_FORMAT", "dev".equals(profile) ? "TEXT" : "JSON");
    }
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    Logger log = LoggerFactory.getLogger(Main.class);
    long t0 = System.nanoTime();

    JsonObject config = loadConfig(confDir, profile);
    config.getJsonObject("node").put("confDir", confDir).put("profile", profile);
    JwtKeys.ensureGenerated(config);
    String secrets = config.getJsonObject("devstack").getString("secretsFile", "");
    if (!secrets.isBlank()) {
      DevSecrets.apply(config, java.nio.file.Path.of(secrets));
    }

    EmbeddedStack stack = null;
    if (config.getJsonObject("devstack").getBoolean("enabled", false)) {
      try {
        stack = EmbeddedStack.start(config, true);
      } catch (IllegalStateException e) {
        log.error(e.getMessage());
        System.exit(2);
        return;
      }
      config.mergeIn(stack.overrides(), true);
    }
    long tInfra = System.nanoTime();
    Node node;
    try {
      long waitSeconds = Settings.of(config, "node").requirePositive("startupWaitSeconds") + 60;
      node = Node.start(config).toCompletionStage().toCompletableFuture().get(waitSeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.error("node failed to start", e);
      if (stack != null) {
        stack.close();
      }
      System.exit(1);
      return;
    }
    EmbeddedStack started = stack;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping node {}", node.id());
      try {
        node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("node did not stop cleanly: {}", e.toString());
      }
      if (started != null) {
        started.close();
      }
      log.info("stopped");
    }, "shutdown"));
    long now = System.nanoTime();
    JsonObject http = node.config().getJsonObject("http");
    log.info("node {} ready in {} ms ({} ms after infrastructure); open http://{}:{}/", node.id(),
        (now - t0) / 1_000_000, (now - tInfra) / 1_000_000, displayHost(http.getString("host")), http.getInteger("port"));
  }

  private static JsonObject loadConfig(String confDir, String profile) throws Exception {
    Vertx bootstrap = Vertx.vertx();
    try {
      return NodeConfig.load(bootstrap, confDir, profile).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } finally {
      bootstrap.close();
    }
  }

  private static String displayHost(String host) {
    return "0.0.0.0".equals(host) ? "127.0.0.1" : host;
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
