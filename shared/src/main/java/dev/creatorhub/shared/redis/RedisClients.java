package dev.creatorhub.shared.redis;

import dev.creatorhub.shared.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Redis client factory: one pooled client per verticle instance, every call with a deadline ({@code redis.timeoutMs}). */
public final class RedisClients {

  private RedisClients() {
  }

  public static Redis create(Vertx vertx, JsonObject config) {
    Settings redis = Settings.of(config, "redis");
    int timeoutMs = redis.requireInt("timeoutMs");
    return new TimedRedis(Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(redis.requireString("uri"))
        .setNetClientOptions(new NetClientOptions().setConnectTimeout(timeoutMs))
        .setMaxPoolSize(redis.requireInt("maxPoolSize"))
        .setMaxPoolWaiting(2048)
        .setMaxWaitingHandlers(4096)), timeoutMs);
  }
}
