package dev.creatorhub.shared.idempotency;

import dev.creatorhub.shared.config.Settings;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code Idempotency-Key} for money-moving requests, per user: the first request with a key runs;
 * a repeat with the same body gets the stored result (success or client error alike) and runs
 * nothing; a repeat with another body is a 409; concurrent repeats wait for the first to finish.
 * Records are kept for at least 24 hours (TTL index on {@code createdAt}: 48 h).
 *
 * <p>A running key is a lease its holder renews. When the holder dies (a node killed mid-request)
 * the lease runs out and the next request with the key takes it over and runs the action again
 * under the same <em>operation id</em>: actions key what they write by that id, so the second run
 * finds what the first one booked and answers with it, or does it if nothing was. Keys nobody came
 * back for are marked {@code INTERRUPTED} by {@link #sweep()}, never left {@code RUNNING}.
 */
public final class Idempotency {

  private static final long WAIT_MS = 15_000;
  public static final String RUNNING = "RUNNING";
  public static final String INTERRUPTED = "INTERRUPTED";

  private final Vertx vertx;
  private final MongoClient mongo;
  private final String collection;
  private final long leaseMs;
  private long lastSweep;

  /** Keys live in {@code collection}, which belongs to the domain using them; a holder renews its lease every third of {@code leaseMs}. */
  public Idempotency(Vertx vertx, MongoClient mongo, String collection, long leaseMs) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.collection = collection;
    this.leaseMs = leaseMs;
  }

  /** The lease from config ({@code idempotency.leaseMs}). */
  public static Idempotency of(Vertx vertx, JsonObject config, MongoClient mongo, String collection) {
    return new Idempotency(vertx, mongo, collection, Settings.of(config, "idempotency").requirePositive("leaseMs"));
  }

  public Future<Void> createIndexes() {
    return Mongo.index(mongo, collection, new JsonObject().put("createdAt", 1),
        new io.vertx.ext.mongo.IndexOptions().name(collection + "_ttl").expireAfter(48L, java.util.concurrent.TimeUnit.HOURS));
  }

  /**
   * Runs {@code action} once per key. It gets the operation id: stable for a key (so a taken-over
   * run writes under the same ids), {@code null} without a key (no earlier run can exist, so there
   * is nothing to look for).
   */
  public Future<JsonObject> run(String userId, String key, JsonObject request, Function<String, Future<JsonObject>> action) {
    if (key == null) {
      return action.apply(null);
    }
    if (key.isBlank() || key.length() > 255) {
      return Future.failedFuture(new ApiException(400, "Idempotency-Key must be 1 to 255 characters."));
    }
    String id = userId + ":" + key;
    String hash = hash(request);
    String operation = operationId(id);
    String holder = UUID.randomUUID().toString();
    JsonObject record = new JsonObject().put("_id", id).put("requestHash", hash).put("state", RUNNING)
        .put("holder", holder).put("leaseUntil", System.currentTimeMillis() + leaseMs)
        .put("createdAt", new JsonObject().put("$date", Instant.now().toString()));
    return mongo.insert(collection, record)
        .transform(ar -> {
          if (ar.succeeded()) {
            return hold(id, holder, operation, action);
          }
          if (!Mongo.isDuplicateKey(ar.cause())) {
            return Future.failedFuture(ar.cause());
          }
          return awaitStored(id, hash, operation, action, System.currentTimeMillis() + WAIT_MS);
        });
  }

  /** The operation id of a key: a name-based UUID, the same on every node and every attempt. */
  public static String operationId(String recordId) {
    return UUID.nameUUIDFromBytes(recordId.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Runs the action while renewing the lease, then stores its outcome. */
  private Future<JsonObject> hold(String id, String holder, String operation, Function<String, Future<JsonObject>> action) {
    long renewal = vertx.setPeriodic(Math.max(leaseMs / 3, 1), t -> mongo.updateCollection(collection,
        new JsonObject().put("_id", id).put("holder", holder).put("state", RUNNING),
        new JsonObject().put("$set", new JsonObject().put("leaseUntil", System.currentTimeMillis() + leaseMs))));
    Future<JsonObject> result;
    try {
      result = action.apply(operation);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.transform(outcome -> {
      vertx.cancelTimer(renewal);
      return finish(id, holder, outcome.succeeded() ? outcome.result() : null, outcome.failed() ? outcome.cause() : null);
    });
  }

  /** Stores the outcome (if this holder still holds the key); unexpected failures free the key so the client can retry. */
  private Future<JsonObject> finish(String id, String holder, JsonObject response, Throwable failure) {
    JsonObject query = new JsonObject().put("_id", id).put("holder", holder);
    if (failure instanceof ApiException api && api.status() < 500) {
      JsonObject problem = new JsonObject().put("status", api.status()).put("title", api.title()).put("detail", api.getMessage())
          .put("extensions", api.extensions());
      return mongo.updateCollection(collection, query, done(new JsonObject().put("problem", problem)))
          .compose(r -> Future.failedFuture(failure));
    }
    if (failure != null) {
      return mongo.removeDocument(collection, query).compose(r -> Future.failedFuture(failure));
    }
    return mongo.updateCollection(collection, query, done(new JsonObject().put("response", response))).map(response);
  }

  private static JsonObject done(JsonObject outcome) {
    return new JsonObject().put("$set", outcome.put("state", "DONE")).put("$unset", new JsonObject().put("leaseUntil", "").put("holder", ""));
  }

  private Future<JsonObject> awaitStored(String id, String hash, String operation, Function<String, Future<JsonObject>> action, long deadline) {
    return mongo.findOne(collection, new JsonObject().put("_id", id), null).compose(stored -> {
      if (stored == null) {
        // The first attempt failed unexpectedly and freed the key.
        return Future.failedFuture(new ApiException(409, "An earlier request with this Idempotency-Key failed; retry it."));
      }
      if (!hash.equals(stored.getString("requestHash"))) {
        return Future.failedFuture(new ApiException(409, "This Idempotency-Key was used with a different request."));
      }
      if ("DONE".equals(stored.getString("state"))) {
        JsonObject problem = stored.getJsonObject("problem");
        if (problem != null) {
          return Future.failedFuture(new ApiException(problem.getInteger("status"), problem.getString("title"),
              problem.getString("detail"), problem.getJsonObject("extensions")));
        }
        return Future.succeededFuture(stored.getJsonObject("response"));
      }
      if (INTERRUPTED.equals(stored.getString("state")) || stored.getLong("leaseUntil", 0L) < System.currentTimeMillis()) {
        return takeOver(stored, operation, action).compose(result -> result != null ? Future.succeededFuture(result)
            : awaitStored(id, hash, operation, action, deadline));
      }
      if (System.currentTimeMillis() > deadline) {
        return Future.failedFuture(new ApiException(409, "A request with this Idempotency-Key is still being processed."));
      }
      Promise<JsonObject> later = Promise.promise();
      vertx.setTimer(25, t -> awaitStored(id, hash, operation, action, deadline).onComplete(later));
      return later.future();
    });
  }

  /** The holder's lease ran out: whoever swaps in its own holder first runs the action again; the others keep waiting. */
  private Future<JsonObject> takeOver(JsonObject stored, String operation, Function<String, Future<JsonObject>> action) {
    String id = stored.getString("_id");
    String holder = UUID.randomUUID().toString();
    JsonObject query = new JsonObject().put("_id", id).put("state", stored.getString("state"));
    query.put("holder", stored.getString("holder"));
    return mongo.updateCollection(collection, query, new JsonObject().put("$set", new JsonObject().put("state", RUNNING)
            .put("holder", holder).put("leaseUntil", System.currentTimeMillis() + leaseMs).put("takenOverAt", Instant.now().toString())))
        .compose(r -> r.getDocModified() == 1 ? hold(id, holder, operation, action) : Future.succeededFuture(null));
  }

  /** Marks keys whose holder died and nobody retried as {@code INTERRUPTED} (still taken over by a retry). Returns how many. */
  public Future<Long> sweep() {
    long now = System.currentTimeMillis();
    if (now - lastSweep < leaseMs) {
      return Future.succeededFuture(0L); // callers sweep often; keys expire no faster than a lease
    }
    lastSweep = now;
    return mongo.updateCollectionWithOptions(collection, new JsonObject().put("state", RUNNING)
            .put("leaseUntil", new JsonObject().put("$lt", System.currentTimeMillis())),
        new JsonObject().put("$set", new JsonObject().put("state", INTERRUPTED)), new io.vertx.ext.mongo.UpdateOptions().setMulti(true))
        .map(r -> r.getDocModified());
  }

  /** Keys still {@code RUNNING} after their lease ran out (a reconciliation figure: should be 0 after a sweep). */
  public Future<Long> stuck() {
    return mongo.count(collection, new JsonObject().put("state", RUNNING)
        .put("leaseUntil", new JsonObject().put("$lt", System.currentTimeMillis() - leaseMs)));
  }

  /** SHA-256 of the request in a canonical form (object keys sorted), so field order does not matter. */
  public static String hash(JsonObject request) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(request).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonical(Object value) {
    if (value instanceof JsonObject object) {
      TreeMap<String, Object> sorted = new TreeMap<>(object.getMap());
      StringBuilder out = new StringBuilder("{");
      sorted.forEach((k, v) -> out.append(new JsonArray().add(k).encode()).append(':').append(canonical(wrap(v))).append(','));
      return out.append('}').toString();
    }
    if (value instanceof JsonArray array) {
      StringBuilder out = new StringBuilder("[");
      array.forEach(v -> out.append(canonical(wrap(v))).append(','));
      return out.append(']').toString();
    }
    return new JsonArray().add(value).encode();
  }

  @SuppressWarnings("unchecked")
  private static Object wrap(Object value) {
    if (value instanceof java.util.Map<?, ?> map) {
      return new JsonObject((java.util.Map<String, Object>) map);
    }
    if (value instanceof java.util.List<?> list) {
      return new JsonArray((java.util.List<Object>) list);
    }
    return value;
  }
}
