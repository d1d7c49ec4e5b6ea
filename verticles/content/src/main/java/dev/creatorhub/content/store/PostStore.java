package dev.creatorhub.content.store;

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

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code posts} and {@code post_likes} collections. Reads never return the outbox field. */
public final class PostStore {

  public static final String POSTS = "posts";
  static final String LIKES = "post_likes";
  private static final JsonObject NO_OUTBOX = new JsonObject().put(Outbox.FIELD, 0);
  private static final JsonObject NEWEST_FIRST = Keyset.order("publishAtMs", true);

  private final Vertx vertx;
  private final MongoClient mongo;

  public PostStore(Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return Future.all(
        Mongo.index(mongo, POSTS, new JsonObject().put("creatorId", 1).put("publishAtMs", -1).put("_id", -1), new IndexOptions()),
        Mongo.index(mongo, POSTS, new JsonObject().put("mediaIds", 1), new IndexOptions()),
        Mongo.index(mongo, LIKES, new JsonObject().put("userId", 1), new IndexOptions())).mapEmpty();
  }

  /** A post that is not deleted, or null. */
  public Future<JsonObject> live(String postId) {
    return mongo.findOne(POSTS, new JsonObject().put("_id", postId).put("deleted", false), NO_OUTBOX);
  }

  /** Inserts a post with its outbox event. */
  public Future<Void> insert(JsonObject post) {
    return mongo.insert(POSTS, post).map(id -> {
      Outbox.nudge(vertx, POSTS, post.getString("_id"));
      return null;
    });
  }

  public Future<Void> update(String postId, JsonObject set) {
    return mongo.updateCollection(POSTS, new JsonObject().put("_id", postId).put("deleted", false),
        new JsonObject().put("$set", set)).mapEmpty();
  }

  /** Marks a post deleted, with its event; only the first delete counts. */
  public Future<Void> softDelete(String postId, JsonObject set, JsonObject event) {
    JsonObject update = Outbox.push(new JsonObject().put("$set", set), event);
    return mongo.updateCollection(POSTS, new JsonObject().put("_id", postId).put("deleted", false), update).map(r -> {
      if (r.getDocModified() > 0) {
        Outbox.nudge(vertx, POSTS, postId);
      }
      return null;
    });
  }

  /** A creator's live posts, newest first (her timeline). */
  public Future<List<JsonObject>> ofCreator(String creatorId) {
    return mongo.findWithOptions(POSTS, new JsonObject().put("creatorId", creatorId).put("deleted", false),
        new FindOptions().setSort(NEWEST_FIRST).setFields(NO_OUTBOX));
  }

  /**
   * A creator's live posts, scheduled ones included, newest first by {@code (publishAtMs, _id)} and
   * strictly after the cursor position when one is given.
   */
  public Future<List<JsonObject>> pageOfCreator(String creatorId, Long afterMs, String afterId, int limit) {
    JsonObject query = Keyset.after(new JsonObject().put("creatorId", creatorId).put("deleted", false), "publishAtMs", afterMs,
        afterMs == null ? null : afterId, true);
    return mongo.findWithOptions(POSTS, query, new FindOptions().setSort(NEWEST_FIRST).setLimit(limit).setFields(NO_OUTBOX));
  }

  /** Published public posts whose text contains {@code q} (case-insensitive), newest first. */
  public Future<List<JsonObject>> searchPublic(String q, long now, int limit) {
    JsonObject query = new JsonObject().put("visibility", "PUBLIC").put("deleted", false)
        .put("publishAtMs", new JsonObject().put("$lte", now))
        .put("text", new JsonObject().put("$regex", Pattern.quote(q)).put("$options", "i"));
    return mongo.findWithOptions(POSTS, query, new FindOptions().setSort(NEWEST_FIRST).setLimit(limit).setFields(NO_OUTBOX));
  }

  /** Published live posts that carry the media. */
  public Future<List<JsonObject>> publishedWithMedia(String mediaId, long now, int limit) {
    JsonObject query = new JsonObject().put("mediaIds", mediaId).put("deleted", false)
        .put("publishAtMs", new JsonObject().put("$lte", now));
    return mongo.findWithOptions(POSTS, query, new FindOptions().setLimit(limit).setFields(NO_OUTBOX));
  }

  /** Adds {@code delta} to a counter field; the new value (null when the post is gone). */
  public Future<Long> increment(String postId, String field, int delta) {
    return mongo.findOneAndUpdateWithOptions(POSTS, new JsonObject().put("_id", postId),
            new JsonObject().put("$inc", new JsonObject().put(field, delta)),
            new FindOptions().setFields(new JsonObject().put(field, 1)), new UpdateOptions().setReturningNewDocument(true))
        .map(updated -> updated == null ? null : updated.getLong(field, 0L));
  }

  public Future<Long> likes(String postId) {
    return mongo.findOne(POSTS, new JsonObject().put("_id", postId), new JsonObject().put("likes", 1))
        .map(found -> found == null ? 0L : found.getLong("likes", 0L));
  }

  /** Records a like; false when the user already liked the post (one like document per user and post). */
  public Future<Boolean> addLike(String postId, String userId, String at) {
    return mongo.insert(LIKES, new JsonObject().put("_id", postId + "|" + userId).put("postId", postId).put("userId", userId)
            .put("createdAt", at))
        .map(v -> true).recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  /** False when there was no like to remove. */
  public Future<Boolean> removeLike(String postId, String userId) {
    return mongo.removeDocument(LIKES, new JsonObject().put("_id", postId + "|" + userId)).map(r -> r.getRemovedCount() > 0);
  }

  /** The ids of the posts the user liked, at most {@code limit}. */
  public Future<Set<String>> likedBy(String userId, int limit) {
    return mongo.findWithOptions(LIKES, new JsonObject().put("userId", userId),
            new FindOptions().setFields(new JsonObject().put("postId", 1)).setLimit(limit))
        .map(PostStore::postIds);
  }

  /** Which of these posts the user liked. */
  public Future<Set<String>> likedAmong(String userId, List<String> postIds) {
    JsonArray ids = new JsonArray();
    postIds.forEach(id -> ids.add(id + "|" + userId));
    return mongo.findWithOptions(LIKES, new JsonObject().put("_id", new JsonObject().put("$in", ids)),
            new FindOptions().setFields(new JsonObject().put("postId", 1)))
        .map(PostStore::postIds);
  }

  public Future<Void> close() {
    return mongo.close();
  }

  private static Set<String> postIds(List<JsonObject> likes) {
    Set<String> ids = new HashSet<>();
    likes.forEach(l -> ids.add(l.getString("postId")));
    return ids;
  }
}
