package dev.creatorhub.shared.config;

import io.vertx.core.json.JsonObject;

import java.util.ServiceLoader;

/**
 * The embedded engines of a one-machine run (the {@code devstack} config section). Only the dev
 * jar and the test classpaths carry an implementation; the production jar has none, so a node
 * there runs against the services its config names.
 */
public interface EmbeddedStack extends AutoCloseable {

  /** Config values pointing the node at the started engines: mongo.uri, redis.uri, kafka.bootstrapServers, s3.endpoint. */
  JsonObject overrides();

  @Override
  void close();

  /** Starts the engines; one is registered through {@code META-INF/services} by the devstack module. */
  interface Provider {
    EmbeddedStack start(JsonObject config, boolean persistent) throws Exception;
  }

  /** Starts the embedded stack, or says why this jar cannot. */
  static EmbeddedStack start(JsonObject config, boolean persistent) throws Exception {
    Provider provider = ServiceLoader.load(Provider.class).findFirst().orElseThrow(() -> new IllegalStateException(
        "devstack.enabled is set but this jar carries no embedded stack: run the dev jar "
            + "(verticles/devnode/target/creatorhub-dev.jar, as ./run does), or set DEVSTACK_ENABLED=false and point "
            + "MONGO_URI, KAFKA_BOOTSTRAP_SERVERS, REDIS_URI and S3_ENDPOINT at running services"));
    return provider.start(config, persistent);
  }
}
