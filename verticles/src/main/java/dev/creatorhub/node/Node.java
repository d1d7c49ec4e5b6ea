package dev.creatorhub.node;

import dev.creatorhub.shared.config.Settings;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.creatorhub.shared.bus.BusErrors;
import dev.creatorhub.shared.bus.PlatformAddresses;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.domain.DomainConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One platform node: a clustered Vert.x instance (Hazelcast, TCP-IP join on loopback by default)
 * running the verticles its config names, with an instance count each.
 */
public final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final JsonObject config;
  private final String nodeId;
  private final Map<String, Integer> deployed = new LinkedHashMap<>();
  private final Verticles verticles;
  private final String startedAt = Instant.now().toString();
  private Integer managementPort;

  private Node(Vertx vertx, JsonObject config, String nodeId, Verticles verticles) {
    this.vertx = vertx;
    this.config = config;
    this.nodeId = nodeId;
    this.verticles = verticles;
  }

  /** Starts a node; what the installed domains imply and the config leaves out is filled in ({@link DomainConfig}). */
  public static Future<Node> start(JsonObject config) {
    List<Domain> domains = Domain.installed();
    JsonObject completed = DomainConfig.complete(config.copy(), domains);
    String missing = DomainConfig.missingSettings(completed, domains);
    if (missing != null) {
      return Future.failedFuture(new IllegalStateException(missing));
    }
    Verticles verticles;
    try {
      verticles = new Verticles(domains);
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    String metricsRegistry = "node-" + UUID.randomUUID();
    JsonObject cluster = config.getJsonObject("cluster");
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(hazelcastConfig(cluster));
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true)
        .setEventBusOptions(new EventBusOptions().setHost(cluster.getString("host")).setPort(0))
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
            .setRegistryName(metricsRegistry)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return Vertx.builder()
        .with(options)
        .withClusterManager(clusterManager)
        .withMetrics(new MicrometerMetricsFactory())
        .buildClustered()
        .compose(vertx -> {
          if (!vertx.isNativeTransportEnabled()) {
            LOG.info("network transport: NIO (native epoll unavailable: {})", String.valueOf(vertx.unavailableNativeTransportCause()));
          }
          String nodeId = clusterManager.getNodeId();
          JsonObject nodeConfig = completed.copy();
          nodeConfig.getJsonObject("node").put("id", nodeId).put("metricsRegistry", metricsRegistry);
          Node node = new Node(vertx, nodeConfig, nodeId, verticles);
          return node.deployAll().compose(v -> node.startManagement()).map(node)
              .recover(err -> vertx.close().transform(v -> Future.failedFuture(err)));
        });
  }

  /** The vertx-hazelcast defaults (they carry the {@code __vertx.*} maps) with our network settings. */
  static Config hazelcastConfig(JsonObject cluster) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.getString("name"));
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.socket.bind.any", "false");
    hz.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(cluster.getInteger("heartbeatSeconds", 1)));
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(cluster.getInteger("maxNoHeartbeatSeconds", 5)));
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cluster.getInteger("port")).setPortAutoIncrement(true).setPortCount(50);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.getString("host")));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = new ArrayList<>();
    cluster.getJsonArray("members", new JsonArray()).forEach(m -> members.add(String.valueOf(m)));
    // Listed members that are not running should not hold a lone node's start for long.
    join.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(1);
    return hz;
  }

  /** The management port (metrics): last, so with port 0 it cannot take a port a gateway was given. */
  private Future<Void> startManagement() {
    JsonObject management = config.getJsonObject("management", new JsonObject());
    if (management.getInteger("port", -1) < 0) {
      return Future.succeededFuture();
    }
    ManagementVerticle verticle = new ManagementVerticle();
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).onSuccess(id -> {
      managementPort = verticle.port();
      LOG.info("management (metrics) on {}:{}", management.getString("host", "127.0.0.1"), managementPort);
    }).mapEmpty();
  }

  private Future<Void> deployAll() {
    JsonObject deploy = config.getJsonObject("deploy", new JsonObject());
    // All at once: a request that reaches the gateway before its domain is up gets a 503, and
    // readiness says which service is missing until then.
    List<Future<?>> all = new ArrayList<>();
    for (String name : deploy.fieldNames()) {
      if (Verticles.isVerticle(name)) {
        all.add(deploy(name, deploy.getInteger(name)));
      }
    }
    return Future.all(all)
        .compose(v -> vertx.eventBus().consumer(PlatformAddresses.NODE_INFO_PREFIX + nodeId, msg -> msg.reply(info()))
            .completion());
  }

  private Future<Void> deploy(String name, int instances) {
    if (instances <= 0) {
      return Future.succeededFuture();
    }
    long waitMs = Settings.of(config, "node").requirePositive("startupWaitSeconds") * 1000;
    return deploy(name, instances, System.currentTimeMillis() + waitMs);
  }

  /**
   * Deploys one verticle; while a store or broker it needs is not reachable yet (a stack still
   * starting, a restart), it tries again every 2 s until {@code deadline} instead of ending the node.
   * The gateway is up meanwhile and readiness says what is missing.
   */
  private Future<Void> deploy(String name, int instances, long deadline) {
    // A verticle that takes this long to start is waiting for something: say what the threads are doing.
    long watchdog = vertx.setTimer(20_000, t -> LOG.warn("{} has not started after 20 s; threads:\n{}", name, threadDump()));
    return vertx.deployVerticle(verticles.get(name),
            new DeploymentOptions().setInstances(instances).setConfig(config))
        .andThen(ar -> vertx.cancelTimer(watchdog))
        .onSuccess(id -> {
          deployed.put(name, instances);
          LOG.info("deployed {} x{}", name, instances);
        })
        .<Void>mapEmpty()
        .recover(err -> {
          if (System.currentTimeMillis() + 2000 > deadline || !BusErrors.unreachable(err)) {
            return Future.failedFuture(err);
          }
          LOG.warn("{} could not start, a dependency is not reachable ({}); trying again in 2 s", name, err.toString());
          Promise<Void> again = Promise.promise();
          vertx.setTimer(2000, t -> deploy(name, instances, deadline).onComplete(again));
          return again.future();
        });
  }

  private static String threadDump() {
    StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith("vert.x") || thread.getName().contains("hz.")) {
        out.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
          out.append("    at ").append(stack[i]).append('\n');
        }
      }
    });
    return out.toString();
  }

  public JsonObject info() {
    return new JsonObject()
        .put("nodeId", nodeId)
        .put("name", config.getJsonObject("node").getString("name"))
        .put("httpPort", deployed.containsKey(Verticles.GATEWAY) ? config.getJsonObject("http").getInteger("port") : null)
        .put("managementPort", managementPort)
        .put("pid", ProcessHandle.current().pid())
        .put("startedAt", startedAt)
        .put("uptimeMs", ManagementFactory.getRuntimeMXBean().getUptime())
        .put("verticles", new JsonObject(new LinkedHashMap<>(deployed)));
  }

  public Vertx vertx() {
    return vertx;
  }

  public String id() {
    return nodeId;
  }

  public JsonObject config() {
    return config;
  }

  /** Undeploys everything, leaves the cluster and closes the clients. */
  public Future<Void> stop() {
    return vertx.close();
  }
}
