package dev.creatorhub.subscriptions.store;

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
 * The {@code subscriptions} collection: one document per fan and creator (unique {@code pair}).
 * Every write that other domains must hear of carries its outbox event and nudges the relay.
 */
public final class SubscriptionStore {

  public static final String SUBSCRIPTIONS = "subscriptions";
  /** Statuses that still give (or may still give) access. */
  public static final List<String> LIVE = List.of("TRIALING", "ACTIVE", "PAST_DUE", "CANCELLED");

  private final Vertx vertx;
  private final MongoClient mongo;

  public SubscriptionStore(Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return Future.all(
        Mongo.uniqueIndex(mongo, SUBSCRIPTIONS, new JsonObject().put("pair", 1), "pair_unique"),
        Mongo.index(mongo, SUBSCRIPTIONS, new JsonObject().put("creatorId", 1).put("status", 1), new IndexOptions()),
        Mongo.index(mongo, SUBSCRIPTIONS, new JsonObject().put("fanId", 1).put("createdAt", -1).put("_id", -1), new IndexOptions()),
        Mongo.index(mongo, SUBSCRIPTIONS, new JsonObject().put("status", 1).put("currentPeriodEnd", 1), new IndexOptions())).mapEmpty();
  }

  public Future<JsonObject> byPair(String fanId, String creatorId) {
    return mongo.findOne(SUBSCRIPTIONS, new JsonObject().put("pair", fanId + "|" + creatorId), null);
  }

  public Future<JsonObject> byId(String id) {
    return mongo.findOne(SUBSCRIPTIONS, new JsonObject().put("_id", id), null);
  }

  /** The fan's own subscription (another fan's id finds nothing). */
  public Future<JsonObject> owned(String id, String fanId) {
    return mongo.findOne(SUBSCRIPTIONS, new JsonObject().put("_id", id).put("fanId", fanId), null);
  }

  /** Fails with a duplicate key when the pair already has a document. */
  public Future<Void> insert(JsonObject doc) {
    return mongo.insert(SUBSCRIPTIONS, doc).mapEmpty();
  }

  /** Replaces the fields of a document last seen at {@code updatedAt}; false when it changed meanwhile. */
  public Future<Boolean> replaceIfUnchanged(String id, String updatedAt, JsonObject fields) {
    return mongo.updateCollection(SUBSCRIPTIONS, new JsonObject().put("_id", id).put("updatedAt", updatedAt),
            new JsonObject().put("$set", fields))
        .map(r -> r.getDocModified() == 1);
  }

  /** Ends an INCOMPLETE attempt: the document is removed ({@code previous == null}) or returns to what it was. */
  public Future<Void> undoAttempt(String id, String term, JsonObject previous, String now) {
    JsonObject claimed = new JsonObject().put("_id", id).put("status", "INCOMPLETE").put("term", term);
    Future<?> done = previous == null ? mongo.removeDocument(SUBSCRIPTIONS, claimed)
        : mongo.updateCollection(SUBSCRIPTIONS, claimed, new JsonObject().put("$set", previous.copy().put("updatedAt", now))
            .put("$unset", new JsonObject().put("pending", "").put("previous", "")));
    return done.mapEmpty();
  }

  /**
   * Sets {@code set} on the term's document, matching also {@code status} when given, with its
   * outbox event; true when this call changed it.
   */
  public Future<Boolean> transition(String id, String term, String status, JsonObject set, JsonObject unset, JsonObject event) {
    JsonObject query = new JsonObject().put("_id", id).put("term", term);
    if (status != null) {
      query.put("status", status);
    }
    return write(id, query, set, unset, event);
  }

  /** Sets {@code set} when the document still has {@code status}, with its outbox event. */
  public Future<Boolean> transitionFrom(String id, String status, JsonObject set, JsonObject event) {
    return write(id, new JsonObject().put("_id", id).put("status", status), set, null, event);
  }

  /** Ends the term that was read (a fan who subscribed again meanwhile keeps the new one). */
  public Future<Boolean> expire(String id, String term, JsonObject set, JsonObject event) {
    return write(id, new JsonObject().put("_id", id).put("term", term).put("status", new JsonObject().put("$ne", "EXPIRED")),
        set, new JsonObject().put("lockedUntil", ""), event);
  }

  /** Applies {@code update} when the document was last seen at {@code updatedAt}; the new document, or null when it changed. */
  public Future<JsonObject> updateIfUnchanged(String id, String updatedAt, JsonObject update) {
    return mongo.findOneAndUpdateWithOptions(SUBSCRIPTIONS, new JsonObject().put("_id", id).put("updatedAt", updatedAt), update,
            new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .map(updated -> {
          if (updated != null) {
            Outbox.nudge(vertx, SUBSCRIPTIONS, id);
          }
          return updated;
        });
  }

  /** A renewal that failed: PAST_DUE with its next retry, and (the first time) its event. */
  public Future<Void> markPastDue(String id, String fromStatus, JsonObject set, JsonObject event) {
    return write(id, new JsonObject().put("_id", id).put("status", fromStatus), set, null, event).mapEmpty();
  }

  /** Takes a due subscription for {@code lockMs} if nobody changed it since it was read. */
  public Future<Boolean> lock(String id, String updatedAt, long until, String now) {
    return mongo.updateCollection(SUBSCRIPTIONS, new JsonObject().put("_id", id).put("updatedAt", updatedAt),
            new JsonObject().put("$set", new JsonObject().put("lockedUntil", until).put("updatedAt", now)))
        .map(r -> r.getDocModified() == 1);
  }

  public Future<Void> unlock(String id) {
    return mongo.updateCollection(SUBSCRIPTIONS, new JsonObject().put("_id", id),
        new JsonObject().put("$unset", new JsonObject().put("lockedUntil", ""))).mapEmpty();
  }

  /** Attempts still INCOMPLETE since {@code before} (ISO time); {@code limit} 0 for all of them. */
  public Future<List<JsonObject>> incompleteSince(String before, int limit, boolean idsOnly) {
    FindOptions options = new FindOptions();
    if (limit > 0) {
      options.setLimit(limit);
    }
    if (idsOnly) {
      options.setFields(new JsonObject().put("_id", 1));
    }
    return mongo.findWithOptions(SUBSCRIPTIONS, new JsonObject().put("status", "INCOMPLETE")
        .put("updatedAt", new JsonObject().put("$lte", before)), options);
  }

  /** Live subscriptions whose period is over, whose retry is due, and that nobody holds. */
  public Future<List<JsonObject>> due(long now, int limit) {
    JsonObject query = new JsonObject()
        .put("status", new JsonObject().put("$in", new JsonArray(LIVE)))
        .put("currentPeriodEnd", new JsonObject().put("$lte", now))
        .put("$or", new JsonArray().add(new JsonObject().put("nextAttemptAt", null))
            .add(new JsonObject().put("nextAttemptAt", new JsonObject().put("$lte", now))))
        .put("$and", new JsonArray().add(new JsonObject().put("$or", new JsonArray()
            .add(new JsonObject().put("lockedUntil", new JsonObject().put("$exists", false)))
            .add(new JsonObject().put("lockedUntil", new JsonObject().put("$lt", now))))));
    return mongo.findWithOptions(SUBSCRIPTIONS, query, new FindOptions().setLimit(limit));
  }

  /** A fan's subscriptions (attempts in flight left out), newest first by {@code (createdAt, _id)}, after the position when given. */
  public Future<List<JsonObject>> ofFan(String fanId, String afterCreatedAt, String afterId, int limit) {
    JsonObject query = new JsonObject().put("fanId", fanId).put("status", new JsonObject().put("$ne", "INCOMPLETE"));
    return newestFirst(query, afterCreatedAt, afterId, limit);
  }

  /** A creator's subscribers who have access at {@code now} (cancelled ones until their period ends), newest first. */
  public Future<List<JsonObject>> liveOfCreator(String creatorId, long now, String afterCreatedAt, String afterId, int limit) {
    return newestFirst(liveOf(creatorId, now), afterCreatedAt, afterId, limit);
  }

  public Future<Long> countLiveOfCreator(String creatorId, long now) {
    return mongo.count(SUBSCRIPTIONS, liveOf(creatorId, now));
  }

  private static JsonObject liveOf(String creatorId, long now) {
    JsonArray renewing = new JsonArray(LIVE.stream().filter(status -> !"CANCELLED".equals(status)).toList());
    return new JsonObject().put("creatorId", creatorId).put("$or", new JsonArray()
        .add(new JsonObject().put("status", new JsonObject().put("$in", renewing)))
        .add(new JsonObject().put("status", "CANCELLED").put("currentPeriodEnd", new JsonObject().put("$gt", now))));
  }

  private Future<List<JsonObject>> newestFirst(JsonObject query, String afterCreatedAt, String afterId, int limit) {
    return mongo.findWithOptions(SUBSCRIPTIONS, Keyset.after(query, "createdAt", afterCreatedAt, afterId, true),
        new FindOptions().setSort(Keyset.order("createdAt", true)).setLimit(limit));
  }

  private Future<Boolean> write(String id, JsonObject query, JsonObject set, JsonObject unset, JsonObject event) {
    JsonObject update = new JsonObject().put("$set", set);
    if (unset != null) {
      update.put("$unset", unset);
    }
    if (event != null) {
      Outbox.push(update, event);
    }
    return mongo.updateCollection(SUBSCRIPTIONS, query, update).map(r -> {
      boolean changed = r.getDocModified() == 1;
      if (changed && event != null) {
        Outbox.nudge(vertx, SUBSCRIPTIONS, id);
      }
      return changed;
    });
  }
}
