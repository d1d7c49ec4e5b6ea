package dev.creatorhub.shared.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script called by its SHA1 ({@code EVALSHA}): a hot script's text is not sent and parsed on
 * every call. Redis answers {@code NOSCRIPT} when it has not seen the script (first use, a restart,
 * {@code SCRIPT FLUSH}); then the call is repeated once with the text ({@code EVAL}), which also
 * loads it for the next calls.
 */
public final class RedisScript {

  private final String text;
  private final String sha;

  private RedisScript(String text, String sha) {
    this.text = text;
    this.sha = sha;
  }

  public static RedisScript of(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return new RedisScript(text, HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  public String sha() {
    return sha;
  }

  /** Runs the script on {@code keys} and {@code args} (each sent as its string form). */
  public Future<Response> run(Redis redis, List<String> keys, Object... args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args)).recover(err -> String.valueOf(err.getMessage()).startsWith("NOSCRIPT")
        ? redis.send(request(Command.EVAL, text, keys, args)) : Future.failedFuture(err));
  }

  private static Request request(Command command, String script, List<String> keys, Object[] args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    for (Object arg : args) {
      request.arg(String.valueOf(arg));
    }
    return request;
  }
}
