package dev.creatorhub.auth;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.Locale;

/**
 * Failed sign-ins counted per account name and per client IP in Redis; past a limit further attempts
 * get 429 with Retry-After until the window ends. Unknown accounts are counted like real ones.
 */
final class LoginThrottle {

  private final Redis redis;
  private final int windowSeconds;
  private final int perAccount;
  private final int perIp;

  LoginThrottle(Redis redis, JsonObject config) {
    this.redis = redis;
    this.windowSeconds = config.getInteger("windowSeconds", 900);
    this.perAccount = config.getInteger("perAccount", 5);
    this.perIp = config.getInteger("perIp", 20);
  }

  /** Fails with 429 when either counter is at its limit. */
  Future<Void> check(String login, String ip) {
    return redis.send(Request.cmd(Command.MGET).arg(accountKey(login)).arg(ipKey(ip))).compose(r -> {
      if (count(r.get(0)) >= perAccount) {
        return retryAfter(accountKey(login));
      }
      if (count(r.get(1)) >= perIp) {
        return retryAfter(ipKey(ip));
      }
      return Future.succeededFuture();
    });
  }

  Future<Void> failed(String login, String ip) {
    return Future.all(incr(accountKey(login)), incr(ipKey(ip))).mapEmpty();
  }

  Future<Void> succeeded(String login) {
    return redis.send(Request.cmd(Command.DEL).arg(accountKey(login))).mapEmpty();
  }

  private Future<Void> incr(String key) {
    return redis.send(Request.cmd(Command.INCR).arg(key)).compose(r -> r.toLong() == 1
        ? redis.send(Request.cmd(Command.EXPIRE).arg(key).arg(windowSeconds)).mapEmpty()
        : Future.succeededFuture());
  }

  private Future<Void> retryAfter(String key) {
    return redis.send(Request.cmd(Command.TTL).arg(key)).compose(ttl -> {
      long seconds = Math.max(1, ttl == null ? windowSeconds : ttl.toLong());
      return Future.failedFuture(new ApiException(429, "Too Many Requests",
          "Too many failed sign-ins; try again in " + seconds + " s.", new JsonObject().put("retryAfter", seconds)));
    });
  }

  private static long count(Response value) {
    return value == null ? 0 : value.toLong();
  }

  private static String accountKey(String login) {
    return "auth:fail:acct:" + login.toLowerCase(Locale.ROOT);
  }

  private static String ipKey(String ip) {
    return "auth:fail:ip:" + ip;
  }
}
