package dev.creatorhub.live.store;

import dev.creatorhub.shared.mongo.GroupedInserts;
import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What stays of a room: its chat ({@code stream_messages}, written as a group commit so a busy room
 * costs the store one command per batch, not per message) and who watched it ({@code stream_viewers};
 * message counts are added up here and written together by {@link #flushMessageCounts}).
 */
public final class RoomRecords {

  static final String MESSAGES = "stream_messages";
  static final String VIEWERS = "stream_viewers";
  private static final int MAX_BATCH = 500;

  private record Viewer(String streamId, String userId) {
  }

  private final MongoClient mongo;
  private final GroupedInserts messages;
  private Map<Viewer, Long> messageCounts = new HashMap<>();

  public RoomRecords(MongoClient mongo) {
    this.mongo = mongo;
    this.messages = new GroupedInserts(mongo, MESSAGES, MAX_BATCH);
  }

  public Future<Void> createIndexes() {
    return Mongo.index(mongo, MESSAGES, new JsonObject().put("streamId", 1).put("seq", 1), new IndexOptions());
  }

  public Future<Void> addMessage(String streamId, long seq, String userId, String text, String at) {
    return messages.insert(new JsonObject().put("streamId", streamId).put("seq", seq)
        .put("userId", userId).put("text", text).put("deleted", false).put("createdAt", at));
  }

  /** One more message from this viewer, stored with the next {@link #flushMessageCounts}. */
  public synchronized void countMessage(String streamId, String userId) {
    messageCounts.merge(new Viewer(streamId, userId), 1L, Long::sum);
  }

  /**
   * Adds the counted messages to the viewers' records in one write. A count is a statistic: what a
   * crash catches unwritten (one period's) is lost; a failed write keeps its counts for the next.
   */
  public Future<Void> flushMessageCounts(String at) {
    Map<Viewer, Long> counts;
    synchronized (this) {
      if (messageCounts.isEmpty()) {
        return Future.succeededFuture();
      }
      counts = messageCounts;
      messageCounts = new HashMap<>();
    }
    List<BulkOperation> upserts = new ArrayList<>();
    counts.forEach((viewer, count) -> upserts.add(BulkOperation.createUpdate(
        new JsonObject().put("_id", viewer.streamId() + "|" + viewer.userId()),
        new JsonObject().put("$inc", new JsonObject().put("messagesCount", count)).put("$setOnInsert", new JsonObject()
            .put("streamId", viewer.streamId()).put("userId", viewer.userId()).put("joinTime", at)), true, false)));
    return mongo.bulkWriteWithOptions(VIEWERS, upserts, new BulkWriteOptions().setOrdered(false)).<Void>mapEmpty()
        .onFailure(err -> counts.forEach(this::recount));
  }

  private synchronized void recount(Viewer viewer, long count) {
    messageCounts.merge(viewer, count, Long::sum);
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

  /** Adds to a viewer's counters at once ({@code totalTipped}). */
  public Future<Void> viewerStats(String streamId, String userId, JsonObject increments, String at) {
    return mongo.updateCollectionWithOptions(VIEWERS, new JsonObject().put("_id", streamId + "|" + userId),
        new JsonObject().put("$inc", increments).put("$setOnInsert", new JsonObject().put("streamId", streamId).put("userId", userId)
            .put("joinTime", at)),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }
}
