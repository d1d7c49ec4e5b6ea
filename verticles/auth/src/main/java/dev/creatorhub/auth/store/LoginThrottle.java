package dev.creatorhub.auth.store;

import dev.creatorhub.auth.AuthSettings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.redis.RedisBreaker;
import dev.creatorhub.shared.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Password guessing made slow without locking anyone out (docs/decisions/0013). Failed checks of a
 * password (sign-in, TOTP, a password re-check behind a token) are counted in Redis per account (the
 * resolved account, so its username and email count as one; an unknown name counts as an account of
 * its own), per account and client IP, and per IP. Past a number of free failures, the next check
 * must wait a delay that doubles with each further failure, up to a cap; a check during the wait is
 * answered 429 with Retry-After without looking at the password. The account-wide cap is short, so
 * guesses spread over many addresses never keep the owner out for more than a few seconds, and the
 * owner's own address is judged by its own failures only.
 *
 * <p>When Redis cannot be reached, sign-in keeps working and the same rule is applied with counters
 * kept on this node (docs/decisions/0016).
 */
public final class LoginThrottle {

  // KEYS: account, pair, ip ; ARGV: now (ms). Returns the ms to wait (0: go ahead).
  private static final RedisScript CHECK = RedisScript.of("""
      local wait = 0
      for i, key in ipairs(KEYS) do
        local n = tonumber(redis.call('HGET', key, 'n') or '0')
        local free = tonumber(ARGV[1 + i * 2 - 1])
        local cap = tonumber(ARGV[1 + i * 2])
        if n >= free then
          local delay = math.min(cap, 1000 * 2 ^ (n - free))
          local last = tonumber(redis.call('HGET', key, 'last') or '0')
          wait = math.max(wait, last + delay - tonumber(ARGV[1]))
        end
      end
      return math.floor(wait)
      """);
  // KEYS: account, pair, ip ; ARGV: now (ms), window (s)
  private static final RedisScript FAILED = RedisScript.of("""
      for _, key in ipairs(KEYS) do
        redis.call('HINCRBY', key, 'n', 1)
        redis.call('HSET', key, 'last', ARGV[1])
        redis.call('EXPIRE', key, ARGV[2])
      end
      return 1
      """);

  private final Redis redis;
  private final RedisBreaker redisOrLocal;
  private final int windowSeconds;
  private final long[] free;
  private final long[] capMs;
  /** key → {failures, last failure ms}: the counters of this node while Redis is unreachable. */
  private final Cache<String, long[]> local;
  private final Clock clock;

  public LoginThrottle(Vertx vertx, Redis redis, AuthSettings.Throttle settings, Clock clock) {
    this.redis = redis;
    this.clock = clock;
    this.windowSeconds = Math.toIntExact(settings.windowSeconds());
    this.free = new long[] {settings.perAccount(), settings.perAccountAndIp(), settings.perIp()};
    this.capMs = new long[] {settings.maxDelayAccountSeconds() * 1000, settings.maxDelayAccountAndIpSeconds() * 1000,
        settings.maxDelayIpSeconds() * 1000};
    this.local = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(windowSeconds)).build();
    this.redisOrLocal = new RedisBreaker(vertx, "login throttle", settings.redisRetryMs(), "counts on this node");
  }


  /** The key of an account: its id once resolved, else the normalized name that was tried. */
  public static String account(JsonObject user, String login) {
    return user != null ? user.getString("_id") : "name:" + login;
  }

  /** Fails with 429 (and {@code retryAfter}) while any of the three counters asks to wait. */
  public Future<Void> check(String account, String ip) {
    long now = clock.millis();
    return redisOrLocal.<Long>call(() -> {
      Object[] args = new Object[7];
      args[0] = now;
      for (int i = 0; i < 3; i++) {
        args[1 + i * 2] = free[i];
        args[2 + i * 2] = capMs[i];
      }
      return CHECK.run(redis, List.of(keys(account, ip)), args).map(r -> r == null ? 0L : r.toLong());
    }, () -> localWait(keys(account, ip), now)).compose(waitMs -> {
      if (waitMs <= 0) {
        return Future.succeededFuture();
      }
      long seconds = Math.max(1, (waitMs + 999) / 1000);
      return Future.failedFuture(new ApiException(429, "Too Many Requests",
          "Too many failed attempts; try again in " + seconds + " s.", new JsonObject().put("retryAfter", seconds)));
    });
  }

  public Future<Void> failed(String account, String ip) {
    long now = clock.millis();
    return redisOrLocal.<Void>call(() -> {
      return FAILED.run(redis, List.of(keys(account, ip)), now, windowSeconds).mapEmpty();
    }, () -> {
      for (String key : keys(account, ip)) {
        local.asMap().compute(key, (k, counter) -> counter == null ? new long[] {1, now} : new long[] {counter[0] + 1, now});
      }
      return null;
    });
  }

  /** The owner got in from this address: its own tally starts again (the account-wide one does not). */
  public Future<Void> succeeded(String account, String ip) {
    return redisOrLocal.<Void>call(() -> redis.send(Request.cmd(Command.DEL).arg(pairKey(account, ip))).mapEmpty(), () -> {
      local.invalidate(pairKey(account, ip));
      return null;
    });
  }

  /** The same rule as {@link #CHECK}, on this node's counters. */
  private long localWait(String[] keys, long now) {
    long wait = 0;
    for (int i = 0; i < keys.length; i++) {
      long[] counter = local.getIfPresent(keys[i]);
      if (counter != null && counter[0] >= free[i]) {
        long delay = (long) Math.min(capMs[i], 1000 * Math.pow(2, counter[0] - free[i]));
        wait = Math.max(wait, counter[1] + delay - now);
      }
    }
    return wait;
  }

  private static String[] keys(String account, String ip) {
    return new String[] {"auth:fail:acct:" + account, pairKey(account, ip), "auth:fail:ip:" + ip};
  }

  private static String pairKey(String account, String ip) {
    return "auth:fail:pair:" + account + ":" + ip;
  }
}
