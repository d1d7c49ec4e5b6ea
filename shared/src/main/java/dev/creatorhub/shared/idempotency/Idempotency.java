package dev.creatorhub.shared.idempotency;

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
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for money-moving requests, per user: the first request with a key runs;
 * a repeat with the same body gets the stored result (success or client error alike) and runs
 * nothing; a repeat with another body is a 409; concurrent repeats wait for the first to finish.
 * Records are kept for at least 24 hours (TTL index on {@code createdAt}: 48 h).
 */
public final class Idempotency {

  private static final long WAIT_MS = 15_000;

  private final Vertx vertx;
  private final MongoClient mongo;
  private final String collection;

  /** Keys live in {@code collection}, which belongs to the domain using them. */
  public Idempotency(Vertx vertx, MongoClient mongo, String collection) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.collection = collection;
  }

  public Future<Void> createIndexes() {
    return Mongo.index(mongo, collection, new JsonObject().put("createdAt", 1),
        new io.vertx.ext.mongo.IndexOptions().name(collection + "_ttl").expireAfter(48L, java.util.concurrent.TimeUnit.HOURS));
  }

  public Future<JsonObject> run(String userId, String key, JsonObject request, Supplier<Future<JsonObject>> action) {
    if (key == null) {
      return action.get();
    }
    if (key.isBlank() || key.length() > 255) {
      return Future.failedFuture(new ApiException(400, "Idempotency-Key must be 1 to 255 characters."));
    }
    String id = userId + ":" + key;
    String hash = hash(request);
    JsonObject record = new JsonObject().put("_id", id).put("requestHash", hash).put("state", "RUNNING")
        .put("createdAt", new JsonObject().put("$date", Instant.now().toString()));
    return mongo.insert(collection, record)
        .transform(ar -> {
          if (ar.succeeded()) {
            return action.get().transform(result -> finish(id, result.succeeded() ? result.result() : null,
                result.failed() ? result.cause() : null));
          }
          if (!Mongo.isDuplicateKey(ar.cause())) {
            return Future.failedFuture(ar.cause());
          }
          return awaitStored(id, hash, System.currentTimeMillis() + WAIT_MS);
        });
  }

  /** Stores the outcome; unexpected failures free the key so the client can retry. */
  private Future<JsonObject> finish(String id, JsonObject response, Throwable failure) {
    JsonObject query = new JsonObject().put("_id", id);
    if (failure instanceof ApiException api && api.status() < 500) {
      JsonObject problem = new JsonObject().put("status", api.status()).put("title", api.title()).put("detail", api.getMessage())
          .put("extensions", api.extensions());
      return mongo.updateCollection(collection, query, new JsonObject().put("$set",
              new JsonObject().put("state", "DONE").put("problem", problem)))
          .compose(r -> Future.failedFuture(failure));
    }
    if (failure != null) {
      return mongo.removeDocument(collection, query).compose(r -> Future.failedFuture(failure));
    }
    return mongo.updateCollection(collection, query, new JsonObject().put("$set",
        new JsonObject().put("state", "DONE").put("response", response))).map(response);
  }

  private Future<JsonObject> awaitStored(String id, String hash, long deadline) {
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
      if (System.currentTimeMillis() > deadline) {
        return Future.failedFuture(new ApiException(409, "A request with this Idempotency-Key is still being processed."));
      }
      Promise<JsonObject> later = Promise.promise();
      vertx.setTimer(25, t -> awaitStored(id, hash, deadline).onComplete(later));
      return later.future();
    });
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
