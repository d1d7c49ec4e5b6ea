package dev.creatorhub.gateway;

import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.redis.RedisBreaker;
import dev.creatorhub.shared.redis.RedisScript;
import dev.creatorhub.shared.web.RequestUser;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-window rate limits in Redis, per client IP and per user, per route group. One atomic script
 * call per request. When Redis is down the limiter lets requests through (and says so in the log
 * and in readiness): an outage of the limiter must not become an outage of the platform. Nor a
 * slowdown: after a call that could not reach Redis, requests skip the limiter for a few seconds
 * instead of each waiting out the Redis deadline.
 */
final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  // Returns 0 when allowed, else the milliseconds until the window that was exceeded resets.
  private static final RedisScript SCRIPT = RedisScript.of("""
      local window = tonumber(ARGV[1])
      for i, key in ipairs(KEYS) do
        local c = redis.call('INCR', key)
        if c == 1 then redis.call('PEXPIRE', key, window) end
        if c > tonumber(ARGV[i + 1]) then
          local ttl = redis.call('PTTL', key)
          if ttl < 0 then redis.call('PEXPIRE', key, window); ttl = window end
          return ttl
        end
      end
      return 0
      """);

  private final Redis redis;
  private final RedisBreaker redisOrOpen;
  private final ClientIp clientIp;
  private volatile JsonObject settings;
  private long lastWarning;

  RateLimiter(Vertx vertx, Redis redis, JsonObject settings, ClientIp clientIp) {
    this.redis = redis;
    this.redisOrOpen = new RedisBreaker(vertx, "rate limits", settings.getLong("redisRetryMs", 5000L), "let every request through");
    this.settings = settings;
    this.clientIp = clientIp;
  }

  /** Applies changed limits (config reload) without a restart. */
  boolean update(JsonObject newSettings) {
    if (newSettings == null || newSettings.equals(settings)) {
      return false;
    }
    settings = newSettings;
    return true;
  }

  Handler<RoutingContext> handler(String group) {
    return ctx -> {
      RequestUser user = RequestUser.of(ctx);
      admit(group, clientIp.of(ctx), user == null ? null : user.id()).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
        } else {
          ctx.next();
        }
      });
    };
  }

  /**
   * Fails with a 429 (and {@code retryAfter}, which becomes Retry-After) while the address or the user
   * is over the group's limit; lets everything through when limits are off or Redis is unreachable.
   * REST routes and the bridge's commands count against the same limits.
   */
  Future<Void> admit(String group, String ip, String userId) {
    JsonObject limits = settings.getJsonObject("groups", new JsonObject()).getJsonObject(group);
    if (!settings.getBoolean("enabled", true) || limits == null) {
      return Future.succeededFuture();
    }
    return check(group, ip, userId, limits).<Void>compose(waitMs -> {
      if (waitMs <= 0) {
        return Future.succeededFuture();
      }
      long seconds = Math.max(1, (waitMs + 999) / 1000);
      return Future.failedFuture(new ApiException(429, "Too Many Requests", "Too many requests; retry in " + seconds + " s.",
          new JsonObject().put("retryAfter", seconds)));
    }, err -> {
      warnFailOpen(err);
      return Future.succeededFuture();
    });
  }

  /** Milliseconds to wait when over a limit, 0 when allowed. */
  Future<Long> check(String group, String ip, String userId, JsonObject limits) {
    long windowMs = limits.getInteger("windowSeconds", 60) * 1000L;
    List<String> keys = new ArrayList<>();
    List<String> caps = new ArrayList<>();
    keys.add("rl:" + group + ":ip:" + ip);
    caps.add(String.valueOf(limits.getInteger("perIp", Integer.MAX_VALUE)));
    if (userId != null) {
      keys.add("rl:" + group + ":user:" + userId);
      caps.add(String.valueOf(limits.getInteger("perUser", Integer.MAX_VALUE)));
    }
    List<Object> args = new ArrayList<>();
    args.add(windowMs);
    args.addAll(caps);
    return redisOrOpen.call(() -> SCRIPT.run(redis, keys, args.toArray()).map(response -> response.toLong()), () -> 0L);
  }

  private void warnFailOpen(Throwable cause) {
    long now = System.currentTimeMillis();
    if (now - lastWarning > 10_000) {
      lastWarning = now;
      LOG.warn("rate limiter unavailable, letting requests through: {}", cause.toString());
    }
  }
}
