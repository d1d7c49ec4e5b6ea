package dev.creatorhub.auth.store;

import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The {@code users} collection (unique username and email). */
public final class UserStore {

  public static final String USERS = "users";

  private final Vertx vertx;
  private final MongoClient mongo;

  public UserStore(Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return Future.all(
        Mongo.uniqueIndex(mongo, USERS, new JsonObject().put("username", 1), "username_unique"),
        Mongo.uniqueIndex(mongo, USERS, new JsonObject().put("email", 1), "email_unique")).mapEmpty();
  }

  /** Fails with a duplicate key when the username or the email is taken. */
  public Future<Void> insert(JsonObject user) {
    return mongo.insert(USERS, user).map(id -> {
      Outbox.nudge(vertx, USERS, user.getString("_id"));
      return null;
    });
  }

  public Future<JsonObject> byId(String id) {
    return mongo.findOne(USERS, new JsonObject().put("_id", id), null);
  }

  /** By email when the login has an {@code @}, by username otherwise (both stored lower-case). */
  public Future<JsonObject> byLogin(String login) {
    return mongo.findOne(USERS, new JsonObject().put(login.contains("@") ? "email" : "username", login), null);
  }

  public Future<JsonObject> byUsername(String username) {
    return mongo.findOne(USERS, new JsonObject().put("username", username.toLowerCase(Locale.ROOT)), null);
  }

  public Future<JsonObject> activeCreator(String username) {
    return mongo.findOne(USERS, new JsonObject().put("username", username.toLowerCase(Locale.ROOT)).put("role", "CREATOR")
        .put("status", "ACTIVE"), null);
  }

  public Future<List<JsonObject>> byIds(JsonArray ids) {
    return mongo.find(USERS, new JsonObject().put("_id", new JsonObject().put("$in", ids)));
  }

  /** Active creators whose username, display name or bio contains {@code q} (case-insensitive), most subscribed first. */
  public Future<List<JsonObject>> searchCreators(String q, int limit) {
    JsonObject contains = new JsonObject().put("$regex", Pattern.quote(q)).put("$options", "i");
    JsonObject query = new JsonObject().put("role", "CREATOR").put("status", "ACTIVE")
        .put("$or", new JsonArray().add(new JsonObject().put("username", contains))
            .add(new JsonObject().put("profile.displayName", contains)).add(new JsonObject().put("profile.bio", contains)));
    return mongo.findWithOptions(USERS, query, new FindOptions()
        .setSort(new JsonObject().put("creatorProfile.subscriberCount", -1).put("username", 1)).setLimit(limit));
  }

  /** Whether some user shows the media as avatar or banner. */
  public Future<Boolean> isProfileMedia(String mediaId) {
    JsonObject query = new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put("profile.profilePicture", mediaId)).add(new JsonObject().put("profile.bannerImage", mediaId)));
    return mongo.findOne(USERS, query, new JsonObject().put("_id", 1)).map(found -> found != null);
  }

  /** Users by username, after {@code afterUsername} when given, whose username starts with {@code prefix} when given. */
  public Future<List<JsonObject>> page(String prefix, String afterUsername, int limit) {
    JsonArray conditions = new JsonArray();
    if (prefix != null) {
      conditions.add(new JsonObject().put("username", new JsonObject().put("$regex", "^" + Pattern.quote(prefix))));
    }
    if (afterUsername != null) {
      // Its own condition: the embedded store ignores a $gt that shares the field's document with a $regex.
      conditions.add(new JsonObject().put("username", new JsonObject().put("$gt", afterUsername)));
    }
    JsonObject query = conditions.isEmpty() ? new JsonObject() : new JsonObject().put("$and", conditions);
    return mongo.findWithOptions(USERS, query, new FindOptions().setSort(new JsonObject().put("username", 1)).setLimit(limit));
  }

  /** True when a document matched and changed; relays the update's outbox events, if any, at once. */
  public Future<Boolean> update(JsonObject query, JsonObject update) {
    return mongo.updateCollection(USERS, query, update).map(r -> {
      if (update.getJsonObject("$push", new JsonObject()).containsKey(Outbox.FIELD) && query.getString("_id") != null) {
        Outbox.nudge(vertx, USERS, query.getString("_id"));
      }
      return r.getDocModified() == 1;
    });
  }

  public Future<Void> close() {
    return mongo.close();
  }
}
