package dev.creatorhub.auth;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * Password guessing made slow without locking anyone out (docs/decisions/0013). Failed checks of a
 * password (sign-in, TOTP, a password re-check behind a token) are counted in Redis per account (the
 * resolved account, so its username and email count as one; an unknown name counts as an account of
 * its own), per account and client IP, and per IP. Past a number of free failures, the next check
 * must wait a delay that doubles with each further failure, up to a cap; a check during the wait is
 * answered 429 with Retry-After without looking at the password. The account-wide cap is short, so
 * guesses spread over many addresses never keep the owner out for more than a few seconds, and the
 * owner's own address is judged by its own failures only.
 */
final class LoginThrottle {

  // KEYS: account, pair, ip ; ARGV: now (ms). Returns the ms to wait (0: go ahead).
  private static final String CHECK = """
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
      """;
  // KEYS: account, pair, ip ; ARGV: now (ms), window (s)
  private static final String FAILED = """
      for _, key in ipairs(KEYS) do
        redis.call('HINCRBY', key, 'n', 1)
        redis.call('HSET', key, 'last', ARGV[1])
        redis.call('EXPIRE', key, ARGV[2])
      end
      return 1
      """;

  private final Redis redis;
  private final int windowSeconds;
  private final long[] free;
  private final long[] capMs;

  LoginThrottle(Redis redis, JsonObject config) {
    this.redis = redis;
    this.windowSeconds = config.getInteger("windowSeconds", 900);
    JsonObject caps = config.getJsonObject("maxDelaySeconds", new JsonObject());
    this.free = new long[] {config.getInteger("perAccount", 10), config.getInteger("perAccountAndIp", 5), config.getInteger("perIp", 20)};
    this.capMs = new long[] {caps.getLong("account", 10L) * 1000, caps.getLong("accountAndIp", 60L) * 1000, caps.getLong("ip", 300L) * 1000};
  }

  /** The key of an account: its id once resolved, else the normalized name that was tried. */
  static String account(JsonObject user, String login) {
    return user != null ? user.getString("_id") : "name:" + login;
  }

  /** Fails with 429 (and {@code retryAfter}) while any of the three counters asks to wait. */
  Future<Void> check(String account, String ip) {
    Request request = Request.cmd(Command.EVAL).arg(CHECK).arg(3);
    keys(account, ip, request);
    request.arg(System.currentTimeMillis());
    for (int i = 0; i < 3; i++) {
      request.arg(free[i]).arg(capMs[i]);
    }
    return redis.send(request).compose(r -> {
      long waitMs = r == null ? 0 : r.toLong();
      if (waitMs <= 0) {
        return Future.succeededFuture();
      }
      long seconds = Math.max(1, (waitMs + 999) / 1000);
      return Future.failedFuture(new ApiException(429, "Too Many Requests",
          "Too many failed attempts; try again in " + seconds + " s.", new JsonObject().put("retryAfter", seconds)));
    });
  }

  Future<Void> failed(String account, String ip) {
    Request request = Request.cmd(Command.EVAL).arg(FAILED).arg(3);
    keys(account, ip, request);
    return redis.send(request.arg(System.currentTimeMillis()).arg(windowSeconds)).mapEmpty();
  }

  /** The owner got in from this address: its own tally starts again (the account-wide one does not). */
  Future<Void> succeeded(String account, String ip) {
    return redis.send(Request.cmd(Command.DEL).arg(pairKey(account, ip))).mapEmpty();
  }

  private static void keys(String account, String ip, Request request) {
    request.arg("auth:fail:acct:" + account).arg(pairKey(account, ip)).arg("auth:fail:ip:" + ip);
  }

  private static String pairKey(String account, String ip) {
    return "auth:fail:pair:" + account + ":" + ip;
  }
}
