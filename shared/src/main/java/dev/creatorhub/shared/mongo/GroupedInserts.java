package dev.creatorhub.shared.mongo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.List;

/**
 * Inserts into one collection as a group commit: a document is written at once when no write is in
 * flight; the documents that arrive while one is wait and go together in the next bulk write. At a
 * trickle nothing waits, under load one store command carries many documents. Each caller's future
 * completes when its own document is stored. Callers may be on any thread (a lock guards the queue,
 * never a store call).
 */
public final class GroupedInserts {

  private final MongoClient mongo;
  private final String collection;
  private final int maxBatch;
  private final List<JsonObject> documents = new ArrayList<>();
  private final List<Promise<Void>> stored = new ArrayList<>();
  private boolean writing;

  public GroupedInserts(MongoClient mongo, String collection, int maxBatch) {
    this.mongo = mongo;
    this.collection = collection;
    this.maxBatch = maxBatch;
  }

  public Future<Void> insert(JsonObject document) {
    Promise<Void> done = Promise.promise();
    boolean start;
    synchronized (this) {
      documents.add(document);
      stored.add(done);
      start = !writing;
      writing = true;
    }
    if (start) {
      writeNext();
    }
    return done.future();
  }

  private void writeNext() {
    List<JsonObject> batch;
    List<Promise<Void>> waiting;
    synchronized (this) {
      int count = Math.min(maxBatch, documents.size());
      if (count == 0) {
        writing = false;
        return;
      }
      batch = new ArrayList<>(documents.subList(0, count));
      waiting = new ArrayList<>(stored.subList(0, count));
      documents.subList(0, count).clear();
      stored.subList(0, count).clear();
    }
    Future<?> written = batch.size() == 1 ? mongo.insert(collection, batch.get(0))
        : mongo.bulkWriteWithOptions(collection, batch.stream().map(BulkOperation::createInsert).toList(),
            new BulkWriteOptions().setOrdered(false));
    written.onComplete(ar -> {
      for (Promise<Void> done : waiting) {
        if (ar.succeeded()) {
          done.complete();
        } else {
          done.fail(ar.cause());
        }
      }
      writeNext();
    });
  }
}
