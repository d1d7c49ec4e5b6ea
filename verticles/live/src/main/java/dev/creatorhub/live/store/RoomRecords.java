package dev.creatorhub.live.store;

import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

/** What stays of a room: its chat ({@code stream_messages}) and who watched it ({@code stream_viewers}). */
public final class RoomRecords {

  static final String MESSAGES = "stream_messages";
  static final String VIEWERS = "stream_viewers";

  private final MongoClient mongo;

  public RoomRecords(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return Mongo.index(mongo, MESSAGES, new JsonObject().put("streamId", 1).put("seq", 1), new IndexOptions());
  }

  public Future<Void> addMessage(String streamId, long seq, String userId, String text, String at) {
    return mongo.insert(MESSAGES, new JsonObject().put("streamId", streamId).put("seq", seq)
        .put("userId", userId).put("text", text).put("deleted", false).put("createdAt", at)).mapEmpty();
  }

  public Future<Long> messageCount(String streamId) {
    return mongo.count(MESSAGES, new JsonObject().put("streamId", streamId));
  }

  /** False when there is no such message. */
  public Future<Boolean> deleteMessage(String streamId, long seq, String by) {
    return mongo.updateCollection(MESSAGES, new JsonObject().put("streamId", streamId).put("seq", seq),
            new JsonObject().put("$set", new JsonObject().put("deleted", true).put("deletedBy", by)))
        .map(r -> r.getDocMatched() > 0);
  }

  public Future<Void> joined(String streamId, String userId, String at) {
    return mongo.updateCollectionWithOptions(VIEWERS, new JsonObject().put("_id", streamId + "|" + userId),
        new JsonObject().put("$set", new JsonObject().put("streamId", streamId).put("userId", userId).putNull("leaveTime"))
            .put("$setOnInsert", new JsonObject().put("joinTime", at).put("totalTipped", 0L).put("messagesCount", 0L)),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  public Future<Void> left(String streamId, String userId, String at) {
    return mongo.updateCollection(VIEWERS, new JsonObject().put("_id", streamId + "|" + userId),
        new JsonObject().put("$set", new JsonObject().put("leaveTime", at))).mapEmpty();
  }

  /** Adds to a viewer's counters ({@code messagesCount}, {@code totalTipped}). */
  public Future<Void> viewerStats(String streamId, String userId, JsonObject increments, String at) {
    return mongo.updateCollectionWithOptions(VIEWERS, new JsonObject().put("_id", streamId + "|" + userId),
        new JsonObject().put("$inc", increments).put("$setOnInsert", new JsonObject().put("streamId", streamId).put("userId", userId)
            .put("joinTime", at)),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }
}
