package dev.creatorhub.shared.mongo;

import dev.creatorhub.shared.config.Settings;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.List;

/** MongoDB client factory and the few helpers every domain needs. */
public final class Mongo {

  private Mongo() {
  }

  /**
   * A client for one domain. Each domain gets its own named data source: {@code createShared} with
   * the default name would share one pool across different configs.
   */
  public static MongoClient client(Vertx vertx, JsonObject config, String domain) {
    Settings mongo = Settings.of(config, "mongo");
    JsonObject options = new JsonObject()
        .put("connection_string", mongo.requireString("uri"))
        .put("db_name", mongo.requireString("db"))
        .put("maxPoolSize", mongo.requireInt("maxPoolSize"))
        .put("serverSelectionTimeoutMS", 5000)
        .put("connectTimeoutMS", 5000);
    return MongoClient.createShared(vertx, options, "mongo-" + domain);
  }

  public static Future<Void> index(MongoClient mongo, String collection, JsonObject keys, IndexOptions options) {
    return mongo.createIndexWithOptions(collection, keys, options);
  }

  public static Future<Void> uniqueIndex(MongoClient mongo, String collection, JsonObject keys, String name) {
    return index(mongo, collection, keys, new IndexOptions().unique(true).name(name));
  }

  /** True when the failure is a duplicate-key write, decided by error category, not message text. */
  public static boolean isDuplicateKey(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MongoWriteException write
          && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return true;
      }
      if (t instanceof MongoBulkWriteException bulk && bulk.getWriteErrors().stream()
          .anyMatch(e -> e.getCategory() == ErrorCategory.DUPLICATE_KEY)) {
        return true;
      }
      if (t instanceof MongoServerException server
          && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY) {
        return true;
      }
    }
    return false;
  }

  /** Every row of an aggregation, collected (for the small reports that need them all). */
  public static Future<List<JsonObject>> aggregate(MongoClient mongo, String collection, JsonArray pipeline) {
    List<JsonObject> rows = new ArrayList<>();
    Promise<List<JsonObject>> done = Promise.promise();
    mongo.aggregate(collection, pipeline)
        .exceptionHandler(done::tryFail)
        .endHandler(v -> done.tryComplete(rows))
        .handler(rows::add);
    return done.future();
  }

  public static Future<JsonObject> ping(MongoClient mongo) {
    return mongo.runCommand("ping", new JsonObject().put("ping", 1));
  }
}
