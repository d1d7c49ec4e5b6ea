package dev.creatorhub.live.store;

import dev.creatorhub.shared.mongo.Keyset;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;

/**
 * The {@code streams} collection. While a stream is LIVE it holds {@code liveCreator} under a unique
 * sparse index: a creator is live in one stream at most. Reads never return the outbox field.
 */
public final class StreamStore {

  public static final String STREAMS = "streams";
  private static final JsonObject NO_OUTBOX = new JsonObject().put(Outbox.FIELD, 0);

  private final Vertx vertx;
  private final MongoClient mongo;

  public StreamStore(Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return Future.all(
        Mongo.index(mongo, STREAMS, new JsonObject().put("status", 1).put("startedAt", -1), new IndexOptions()),
        Mongo.index(mongo, STREAMS, new JsonObject().put("status", 1).put("scheduledStartTime", 1), new IndexOptions()),
        Mongo.index(mongo, STREAMS, new JsonObject().put("liveCreator", 1),
            new IndexOptions().name("live_creator_unique").unique(true).sparse(true))).mapEmpty();
  }

  public Future<Void> insert(JsonObject stream) {
    return mongo.insert(STREAMS, stream).mapEmpty();
  }

  public Future<JsonObject> byId(String id) {
    return mongo.findOne(STREAMS, new JsonObject().put("_id", id), NO_OUTBOX);
  }

  /** Streams with {@code status}, of one creator when {@code creatorUsername} is given. */
  /**
   * The field a list of streams in {@code status} is ordered by: scheduled ones soonest first
   * (those without a time first of all), live and ended ones latest started first, cancelled ones
   * latest created first; {@code _id} breaks ties.
   */
  public static String orderField(String status) {
    return switch (status) {
      case "SCHEDULED" -> "scheduledStartTime";
      case "CANCELLED" -> "createdAt";
      default -> "startedAt";
    };
  }

  /** Streams in {@code status} in {@link #orderField} order, after the position {@code (afterKey, afterId)} when given ("" for no time). */
  public Future<List<JsonObject>> withStatus(String status, String creatorUsername, String afterKey, String afterId, int limit) {
    JsonObject query = new JsonObject().put("status", status);
    if (creatorUsername != null) {
      query.put("creatorUsername", creatorUsername);
    }
    String field = orderField(status);
    boolean descending = !"SCHEDULED".equals(status);
    JsonObject paged;
    if (afterId != null && afterKey.isEmpty()) {
      // After a scheduled stream without a time (those come first): the rest without one, then all with one.
      paged = query.copy().put("$or", new JsonArray().add(new JsonObject().put(field, null).put("_id", new JsonObject().put("$gt", afterId)))
          .add(new JsonObject().put(field, new JsonObject().put("$ne", null))));
    } else {
      paged = Keyset.after(query, field, afterKey, afterId, descending);
    }
    return mongo.findWithOptions(STREAMS, paged, new FindOptions().setSort(Keyset.order(field, descending)).setLimit(limit));
  }

  public Future<List<String>> liveIds() {
    return mongo.findWithOptions(STREAMS, new JsonObject().put("status", "LIVE"), new FindOptions().setFields(new JsonObject().put("_id", 1)))
        .map(found -> found.stream().map(s -> s.getString("_id")).toList());
  }

  /** The stream another of the creator's streams blocks from going live. */
  public Future<String> liveStreamOf(String creatorId) {
    return mongo.findOne(STREAMS, new JsonObject().put("liveCreator", creatorId), new JsonObject().put("_id", 1))
        .map(found -> found == null ? null : found.getString("_id"));
  }

  /** Moves the stream from {@code from}, with the update's outbox events; the new document, or null when it was not in {@code from}. */
  public Future<JsonObject> transition(String id, String from, JsonObject update) {
    return mongo.findOneAndUpdateWithOptions(STREAMS, new JsonObject().put("_id", id).put("status", from), update,
            new FindOptions().setFields(NO_OUTBOX), new UpdateOptions().setReturningNewDocument(true))
        .map(updated -> {
          if (updated != null) {
            Outbox.nudge(vertx, STREAMS, id);
          }
          return updated;
        });
  }

  /** Applies an update; the new document. */
  public Future<JsonObject> update(String id, JsonObject update) {
    return mongo.findOneAndUpdateWithOptions(STREAMS, new JsonObject().put("_id", id), update,
        new FindOptions().setFields(NO_OUTBOX), new UpdateOptions().setReturningNewDocument(true));
  }

  public Future<Void> addTips(String id, long amount) {
    return mongo.updateCollection(STREAMS, new JsonObject().put("_id", id),
        new JsonObject().put("$inc", new JsonObject().put("stats.totalTips", amount))).mapEmpty();
  }

  public Future<Void> viewers(String id, long viewers) {
    return mongo.updateCollection(STREAMS, new JsonObject().put("_id", id),
        new JsonObject().put("$set", new JsonObject().put("stats.viewerCount", viewers))
            .put("$max", new JsonObject().put("stats.peakViewers", viewers))).mapEmpty();
  }
}
