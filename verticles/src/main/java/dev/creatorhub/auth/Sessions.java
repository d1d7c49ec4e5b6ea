package dev.creatorhub.auth;

import dev.creatorhub.shared.security.Revocations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Sign-in sessions in Redis. A login starts a family (the session id, {@code sid} in access
 * tokens); each refresh token is a random 256-bit value stored only as its SHA-256 and used once:
 * rotation marks it used and issues the next one of the family; presenting a used one revokes the
 * whole family. Revocations are also published so gateways refuse the family's access tokens at once.
 */
final class Sessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  // KEYS: rt(new), ufam ; ARGV: uid, fam, ttlMs
  private static final String CREATE = """
      redis.call('HSET', KEYS[1], 'uid', ARGV[1], 'fam', ARGV[2], 'used', '0')
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      redis.call('SADD', KEYS[2], ARGV[2])
      redis.call('PEXPIRE', KEYS[2], ARGV[3])
      return 'OK'
      """;
  // KEYS: rt(old), rt(new) ; ARGV: ttlMs
  private static final String ROTATE = """
      local uid = redis.call('HGET', KEYS[1], 'uid')
      if not uid then return {'UNKNOWN'} end
      local fam = redis.call('HGET', KEYS[1], 'fam')
      local famKey = 'auth:fam:' .. fam
      if redis.call('EXISTS', famKey) == 1 then return {'REVOKED', uid, fam} end
      if redis.call('HGET', KEYS[1], 'used') == '1' then
        redis.call('SET', famKey, 'revoked', 'PX', ARGV[1])
        return {'REPLAY', uid, fam}
      end
      redis.call('HSET', KEYS[1], 'used', '1')
      redis.call('HSET', KEYS[2], 'uid', uid, 'fam', fam, 'used', '0')
      redis.call('PEXPIRE', KEYS[2], ARGV[1])
      return {'OK', uid, fam}
      """;
  // KEYS: ufam ; ARGV: ttlMs
  private static final String REVOKE_ALL = """
      local fams = redis.call('SMEMBERS', KEYS[1])
      for _, fam in ipairs(fams) do redis.call('SET', 'auth:fam:' .. fam, 'revoked', 'PX', ARGV[1]) end
      redis.call('DEL', KEYS[1])
      return fams
      """;

  record Rotation(String status, String userId, String family, String token) {
  }

  private final Vertx vertx;
  private final Redis redis;
  private final long refreshTtlMs;
  private final long accessTtlSeconds;

  Sessions(Vertx vertx, Redis redis, long refreshTtlSeconds, long accessTtlSeconds) {
    this.vertx = vertx;
    this.redis = redis;
    this.refreshTtlMs = refreshTtlSeconds * 1000;
    this.accessTtlSeconds = accessTtlSeconds;
  }

  /** Starts a family for a login; returns {@code [family, refreshToken]}. */
  Future<String[]> start(String userId) {
    String family = UUID.randomUUID().toString();
    String token = newToken();
    return redis.send(Request.cmd(Command.EVAL).arg(CREATE).arg(2).arg(tokenKey(token)).arg(familiesKey(userId))
            .arg(userId).arg(family).arg(refreshTtlMs))
        .map(r -> new String[] {family, token});
  }

  Future<Rotation> rotate(String token) {
    String next = newToken();
    return redis.send(Request.cmd(Command.EVAL).arg(ROTATE).arg(2).arg(tokenKey(token)).arg(tokenKey(next)).arg(refreshTtlMs))
        .compose(r -> {
          String status = r.get(0).toString();
          Rotation rotation = new Rotation(status, r.size() > 1 ? r.get(1).toString() : null,
              r.size() > 2 ? r.get(2).toString() : null, next);
          return status.equals("REPLAY") ? publishSession(rotation.family()).map(rotation) : Future.succeededFuture(rotation);
        });
  }

  /** The family of a refresh token and its user, or null. */
  Future<JsonObject> describe(String token) {
    return redis.send(Request.cmd(Command.HGETALL).arg(tokenKey(token))).map(r -> {
      if (r == null || r.size() == 0) {
        return null;
      }
      return new JsonObject().put("userId", r.get("uid").toString()).put("family", r.get("fam").toString());
    });
  }

  Future<Void> revokeFamily(String family) {
    return redis.send(Request.cmd(Command.SET).arg("auth:fam:" + family).arg("revoked").arg("PX").arg(refreshTtlMs))
        .compose(r -> publishSession(family));
  }

  /** Ends every session of a user: their refresh families, and the access tokens carrying those session ids. */
  Future<Void> revokeAll(String userId) {
    return redis.send(Request.cmd(Command.EVAL).arg(REVOKE_ALL).arg(1).arg(familiesKey(userId)).arg(refreshTtlMs))
        .compose(families -> {
          List<Future<?>> published = new ArrayList<>();
          for (Response family : families) {
            published.add(publishSession(family.toString()));
          }
          return Future.all(published).mapEmpty();
        });
  }

  private Future<Void> publishSession(String family) {
    long until = System.currentTimeMillis() / 1000 + accessTtlSeconds + 60;
    return redis.send(Request.cmd(Command.ZADD).arg("auth:revoked:sessions").arg(until).arg(family)).map(r -> {
      vertx.eventBus().publish(Revocations.ADDRESS, new JsonObject().put("sid", family).put("until", until));
      return null;
    });
  }

  /** Revocations that can still match a live access token, for gateways that start later. */
  Future<JsonObject> snapshot() {
    long now = System.currentTimeMillis() / 1000;
    return redis.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg("auth:revoked:sessions").arg("-inf").arg(now))
        .compose(v -> redis.send(Request.cmd(Command.ZRANGE).arg("auth:revoked:sessions").arg(0).arg(-1).arg("WITHSCORES")))
        .map(zset -> {
          JsonObject sessions = new JsonObject();
          for (int i = 0; i < zset.size(); i++) {
            Response entry = zset.get(i);
            if (entry.size() == 2) { // RESP3: [member, score] pairs
              sessions.put(entry.get(0).toString(), entry.get(1).toDouble().longValue());
            } else if (i + 1 < zset.size()) { // RESP2: flat member, score
              sessions.put(zset.get(i).toString(), zset.get(++i).toDouble().longValue());
            }
          }
          return new JsonObject().put("sessions", sessions);
        });
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String tokenKey(String token) {
    return "auth:rt:" + sha256(token);
  }

  private static String familiesKey(String userId) {
    return "auth:ufam:" + userId;
  }

  static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
