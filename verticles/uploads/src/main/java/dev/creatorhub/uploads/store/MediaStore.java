package dev.creatorhub.uploads.store;

import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

/** The {@code media} collection: one document per stored upload, with its variants' keys. */
public final class MediaStore {

  static final String MEDIA = "media";

  private final Vertx vertx;
  private final MongoClient mongo;

  public MediaStore(Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return Mongo.index(mongo, MEDIA, new JsonObject().put("ownerId", 1).put("createdAt", -1), new IndexOptions());
  }

  /** Inserts the media with its outbox event. */
  public Future<Void> insert(JsonObject media) {
    return mongo.insert(MEDIA, media).map(id -> {
      Outbox.nudge(vertx, MEDIA, media.getString("_id"));
      return null;
    });
  }

  public Future<JsonObject> byId(String id) {
    return mongo.findOne(MEDIA, new JsonObject().put("_id", id), new JsonObject().put(Outbox.FIELD, 0));
  }

  public Future<Void> close() {
    return mongo.close();
  }
}
