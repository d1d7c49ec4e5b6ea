package dev.creatorhub.gateway;

import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.kafka.KafkaClients;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.redis.RedisClients;
import dev.creatorhub.shared.s3.S3Clients;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready}: one named check per
 * dependency (mongo, redis, kafka, s3, cluster) and one per required domain service, so a readiness
 * failure says exactly what is missing.
 */
final class HealthRoutes {

  private final Vertx vertx;
  private final JsonObject config;
  private MongoClient mongo;
  private Redis redis;
  private KafkaAdminClient kafka;
  private S3Client s3;

  HealthRoutes(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
  }

  void addRoutes(Router router) {
    long timeout = config.getJsonObject("health").getLong("checkTimeoutMs", 2000L);
    // Each probe gives up at the timeout and reports DOWN itself: a check the health-check library
    // times out counts as a failure of the check, answered 500 instead of 503.
    long deadline = timeout + 1000;
    mongo = Mongo.client(vertx, config, "gateway-health");
    redis = RedisClients.create(vertx, config);
    kafka = KafkaClients.admin(vertx, config);
    HealthChecks checks = HealthChecks.create(vertx)
        .register("mongo", deadline, p -> complete(p, () -> Mongo.ping(mongo), timeout))
        .register("redis", deadline, p -> complete(p, () -> RedisAPI.api(redis).ping(List.of()), timeout))
        .register("kafka", deadline, p -> complete(p, () -> kafka.describeCluster(), timeout))
        .register("s3", deadline, p -> complete(p, () -> vertx.executeBlocking(() -> s3().listBuckets()), timeout))
        .register("cluster", deadline, this::cluster);
    for (Object service : config.getJsonObject("health").getJsonArray("requiredServices")) {
      String name = String.valueOf(service);
      checks.register("service:" + name, deadline, p -> complete(p, () -> ServicePing.ping(vertx, name, timeout), timeout));
    }
    router.get("/health/live").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}"));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(checks));
  }

  /** Built on first use, on a worker: the AWS SDK takes a while to load and must not slow the gateway's start. */
  private synchronized S3Client s3() {
    if (s3 == null) {
      s3 = S3Clients.client(config);
    }
    return s3;
  }

  private void cluster(Promise<Status> promise) {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    if (manager == null || !manager.isActive()) {
      promise.complete(Status.KO(new JsonObject().put("reason", "not in a cluster")));
      return;
    }
    promise.complete(Status.OK(new JsonObject().put("nodes", manager.getNodes().size())
        .put("self", manager.getNodeId())));
  }

  private static void complete(Promise<Status> promise, Supplier<Future<?>> probe, long timeoutMs) {
    Future<?> answer;
    try {
      answer = probe.get().timeout(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(ar -> promise.tryComplete(ar.succeeded() ? Status.OK()
        : Status.KO(new JsonObject().put("reason", String.valueOf(ar.cause().getMessage())))));
  }

  Future<Void> close() {
    synchronized (this) {
      if (s3 != null) {
        s3.close();
      }
    }
    return Future.all(mongo.close(), kafka.close()).onComplete(v -> redis.close()).mapEmpty();
  }
}
