package dev.creatorhub.devstack;

import dev.creatorhub.shared.config.EmbeddedStack;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded infrastructure of a one-machine run: a real Kafka broker and redis-server as child
 * processes, S3Proxy and the MongoDB-compatible server in-process. With a data folder everything
 * keeps its data between runs; without one (tests) it all lives in a temporary folder.
 */
public final class DevStack implements EmbeddedStack {

  private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private final Path tempDir;
  private JsonObject overrides;

  private DevStack(Path tempDir) {
    this.tempDir = tempDir;
  }

  /**
   * Starts the stack described by the {@code devstack} config section. A port of 0 picks a free one;
   * {@code persistent=false} keeps nothing (tests). Returns once every server accepts connections.
   */
  public static DevStack start(JsonObject config, boolean persistent) throws Exception {
    JsonObject dev = config.getJsonObject("devstack");
    JsonObject s3 = config.getJsonObject("s3");
    Path temp = persistent ? null : Files.createTempDirectory("creatorhub-stack");
    Path data = persistent ? Path.of(dev.getString("dataDir")).toAbsolutePath() : temp;
    DevStack stack = new DevStack(temp);
    long t0 = System.nanoTime();
    try {
      int kafkaPort = port(dev, "kafkaPort");
      int controllerPort = port(dev, "kafkaControllerPort");
      Path classpath = locate(dev.getString("kafkaClasspathFile"));
      CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(() -> {
        try {
          return stack.track(KafkaBroker.start(classpath, data.resolve("kafka"), kafkaPort, controllerPort));
        } catch (Exception e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      });
      try {
        EmbeddedMongo mongo = stack.track(EmbeddedMongo.start(
            persistent ? data.resolve("mongo").resolve("mongo.mv") : null, port(dev, "mongoPort")));
        RedisServer redis = stack.track(RedisServer.start(dev.getString("redisServer"), data.resolve("redis-run"),
            persistent ? data.resolve("redis") : null, port(dev, "redisPort")));
        S3Server s3Server = stack.track(S3Server.start(data.resolve("s3"), port(dev, "s3Port"),
            s3.getString("accessKey"), s3.getString("secretKey")));
        KafkaBroker broker = kafka.join();
        stack.overrides = new JsonObject()
            .put("mongo", new JsonObject().put("uri", mongo.uri()))
            .put("redis", new JsonObject().put("uri", redis.uri()))
            .put("kafka", new JsonObject().put("bootstrapServers", broker.bootstrapServers()))
            .put("s3", new JsonObject().put("endpoint", s3Server.endpoint()));
      } finally {
        kafka.handle((b, e) -> null).join();
      }
      LOG.info("embedded stack up in {} ms: {}", (System.nanoTime() - t0) / 1_000_000, stack.overrides.encode());
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private static int port(JsonObject dev, String key) {
    int port = dev.getInteger(key);
    if (port > 0) {
      Ports.requireFree(key, port);
    }
    return Ports.orFree(port);
  }

  /** Finds a project-relative file from the working directory or any parent (tests run in modules). */
  public static Path locate(String relative) {
    Path path = Path.of(relative);
    if (path.isAbsolute() || Files.exists(path)) {
      return path;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    return path;
  }

  private <T extends AutoCloseable> T track(T server) {
    started.add(server);
    return server;
  }

  @Override
  public JsonObject overrides() {
    return overrides.copy();
  }

  @Override
  public void close() {
    List<AutoCloseable> servers = new ArrayList<>(started);
    Collections.reverse(servers);
    for (AutoCloseable server : servers) {
      try {
        server.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", server.getClass().getSimpleName(), e.toString());
      }
    }
    started.clear();
    if (tempDir != null) {
      deleteTree(tempDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      LOG.debug("could not delete {}: {}", dir, e.toString());
    }
  }
}
