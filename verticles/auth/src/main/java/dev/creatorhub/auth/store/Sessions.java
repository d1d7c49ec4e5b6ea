package dev.creatorhub.auth.store;

import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.security.Revocations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Sign-in sessions, one document per session in the {@code sessions} collection (docs/decisions/0016:
 * they live in the store, so a Redis outage or restart neither blocks sign-in nor signs everyone out).
 * A login starts a session (its id is {@code sid} in access tokens) holding the SHA-256 of its one
 * current refresh token. A refresh swaps that hash for the next one in a single conditional update,
 * so two uses of one token cannot both win; a token the session already moved past is a replay and
 * ends the session. Used tokens are remembered for the refresh lifetime in {@code session_used}
 * (any number of rotations later), and the latest few also in the session itself, written by the
 * same update (so a crash between the swap and the marker forgets none of them). Ended sessions are
 * published so gateways refuse their access tokens at once.
 */
public final class Sessions {

  static final String SESSIONS = "sessions";
  static final String USED = "session_used";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Used tokens kept in the session document itself (the rest are in {@link #USED}). */
  private static final int USED_KEPT = 20;

  /** {@code credential}: the password the session signed in with (see {@link #start}), so a change since ends it. */
  public record Rotation(String status, String userId, String family, String token, String credential) {
  }

  private final Vertx vertx;
  private final MongoClient mongo;
  private final long refreshTtlMs;
  private final long accessTtlSeconds;
  private final Clock clock;

  public Sessions(Vertx vertx, MongoClient mongo, long refreshTtlSeconds, long accessTtlSeconds, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.mongo = mongo;
    this.refreshTtlMs = refreshTtlSeconds * 1000;
    this.accessTtlSeconds = accessTtlSeconds;
  }

  public Future<Void> createIndexes() {
    return Future.all(
        Mongo.uniqueIndex(mongo, SESSIONS, new JsonObject().put("token", 1), "session_token_unique"),
        Mongo.index(mongo, SESSIONS, new JsonObject().put("used", 1), new IndexOptions().name("session_used")),
        Mongo.index(mongo, SESSIONS, new JsonObject().put("userId", 1), new IndexOptions().name("session_user")),
        Mongo.index(mongo, SESSIONS, new JsonObject().put("revokedUntil", 1), new IndexOptions().name("session_revoked")),
        Mongo.index(mongo, USED, new JsonObject().put("expiresAtMs", 1), new IndexOptions().name("session_used_expiry"))).mapEmpty();
  }

  /**
   * Starts a session for a login; returns {@code [family, refreshToken]}. {@code credential} names the
   * password it signed in with (the user's {@code passwordChangedAt}): a refresh after the password
   * changed is refused, even for a session started by a sign-in that checked the old password while
   * the change was being made (which the change's revocation cannot see).
   */
  public Future<String[]> start(String userId, String credential) {
    String family = UUID.randomUUID().toString();
    String token = newToken();
    long now = clock.millis();
    JsonObject session = new JsonObject().put("_id", family).put("userId", userId).put("token", sha256(token))
        .put("used", new JsonArray()).put("credential", credential).put("createdAtMs", now).put("expiresAtMs", now + refreshTtlMs);
    return mongo.insert(SESSIONS, session).map(id -> new String[] {family, token});
  }

  /** OK (with the next token), REPLAY (the session is now ended) or UNKNOWN (expired, ended, never issued). */
  public Future<Rotation> rotate(String token) {
    String hash = sha256(token);
    String next = newToken();
    long now = clock.millis();
    JsonObject current = new JsonObject().put("token", hash).put("expiresAtMs", new JsonObject().put("$gt", now))
        .put("revokedUntil", new JsonObject().put("$exists", false));
    JsonObject swap = new JsonObject()
        .put("$set", new JsonObject().put("token", sha256(next)).put("expiresAtMs", now + refreshTtlMs))
        .put("$push", new JsonObject().put("used", new JsonObject().put("$each", new JsonArray().add(hash)).put("$slice", -USED_KEPT)));
    return mongo.findOneAndUpdate(SESSIONS, current, swap).compose(session -> {
      if (session != null) {
        Rotation ok = new Rotation("OK", session.getString("userId"), session.getString("_id"), next, session.getString("credential"));
        JsonObject marker = new JsonObject().put("_id", hash).put("sid", ok.family()).put("expiresAtMs", now + refreshTtlMs);
        return mongo.insert(USED, marker).map(ok).recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(ok) : Future.failedFuture(err));
      }
      return sessionOfUsed(hash).compose(replayed -> {
        if (replayed == null) {
          return Future.succeededFuture(new Rotation("UNKNOWN", null, null, null, null));
        }
        Rotation replay = new Rotation("REPLAY", replayed.getString("userId"), replayed.getString("_id"), null, null);
        return replayed.containsKey("revokedUntil") ? Future.succeededFuture(replay) : revokeFamily(replay.family()).map(replay);
      });
    });
  }

  /** The session a used token belonged to, or null. */
  private Future<JsonObject> sessionOfUsed(String hash) {
    JsonObject fields = new JsonObject().put("userId", 1).put("revokedUntil", 1);
    return mongo.findOne(SESSIONS, new JsonObject().put("used", hash), fields).compose(recent -> recent != null ? Future.succeededFuture(recent)
        : mongo.findOne(USED, new JsonObject().put("_id", hash), null).compose(marker -> marker == null ? Future.succeededFuture(null)
            : mongo.findOne(SESSIONS, new JsonObject().put("_id", marker.getString("sid")), fields)));
  }

  /** The session of a refresh token (current, or just rotated by another tab) and its user, or null. */
  public Future<JsonObject> describe(String token) {
    String hash = sha256(token);
    return mongo.findOne(SESSIONS, new JsonObject().put("token", hash), new JsonObject().put("userId", 1))
        .compose(session -> session != null ? Future.succeededFuture(session) : sessionOfUsed(hash))
        .map(session -> session == null ? null
            : new JsonObject().put("userId", session.getString("userId")).put("family", session.getString("_id")));
  }

  public Future<Void> revokeFamily(String family) {
    long until = revokedUntil();
    return mongo.updateCollection(SESSIONS, new JsonObject().put("_id", family),
            new JsonObject().put("$set", new JsonObject().put("revokedUntil", until)))
        .map(r -> {
          publish(family, until);
          return null;
        });
  }

  /** Ends every session of a user: refreshes stop working and gateways refuse the access tokens carrying those ids. */
  public Future<Void> revokeAll(String userId) {
    long until = revokedUntil();
    JsonObject live = new JsonObject().put("userId", userId).put("revokedUntil", new JsonObject().put("$exists", false))
        .put("expiresAtMs", new JsonObject().put("$gt", clock.millis()));
    return mongo.findWithOptions(SESSIONS, live, new FindOptions().setFields(new JsonObject().put("_id", 1)))
        .compose(sessions -> {
          List<String> ids = new ArrayList<>();
          sessions.forEach(s -> ids.add(s.getString("_id")));
          if (ids.isEmpty()) {
            return Future.succeededFuture();
          }
          return mongo.updateCollectionWithOptions(SESSIONS, new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(ids))),
                  new JsonObject().put("$set", new JsonObject().put("revokedUntil", until)), new UpdateOptions().setMulti(true))
              .map(r -> {
                ids.forEach(id -> publish(id, until));
                return null;
              });
        });
  }

  /** Ended sessions whose access tokens may still be live, for gateways that start later. */
  public Future<JsonObject> snapshot() {
    long now = clock.millis() / 1000;
    return mongo.findWithOptions(SESSIONS, new JsonObject().put("revokedUntil", new JsonObject().put("$gt", now)),
            new FindOptions().setFields(new JsonObject().put("revokedUntil", 1)))
        .map(revoked -> {
          JsonObject sessions = new JsonObject();
          revoked.forEach(s -> sessions.put(s.getString("_id"), s.getLong("revokedUntil")));
          return new JsonObject().put("sessions", sessions);
        });
  }

  /** Deletes sessions that can neither refresh nor be named by a live access token any more. */
  public Future<Long> purge() {
    long now = clock.millis();
    JsonObject over = new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put("expiresAtMs", new JsonObject().put("$lt", now)).put("revokedUntil", new JsonObject().put("$exists", false)))
        .add(new JsonObject().put("revokedUntil", new JsonObject().put("$lt", now / 1000))));
    return mongo.removeDocuments(USED, new JsonObject().put("expiresAtMs", new JsonObject().put("$lt", now)))
        .compose(v -> mongo.removeDocuments(SESSIONS, over)).map(r -> r == null ? 0L : r.getRemovedCount());
  }

  /** Epoch seconds until which a revocation matters: the longest an access token of the session can still live. */
  private long revokedUntil() {
    return clock.millis() / 1000 + accessTtlSeconds + 60;
  }

  private void publish(String family, long until) {
    vertx.eventBus().publish(Revocations.ADDRESS, new JsonObject().put("sid", family).put("until", until));
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
