package dev.creatorhub.auth.service;

import dev.creatorhub.auth.store.UserStore;
import dev.creatorhub.content.api.ContentTopics;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.subscriptions.api.SubscriptionTopics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Who a user is: public creator profiles, the user's own view, and what other domains ask about users. */
public final class Lookups {

  private final Users users;
  private final UserStore store;

  Lookups(Users users) {
    this.users = users;
    this.store = users.store;
  }

  public Future<Buffer> me(String userId) {
    return users.encodedOwnView(userId);
  }

  public Future<JsonObject> creatorProfile(String username) {
    return store.activeCreator(username).compose(user -> user == null ? Future.failedFuture(new ApiException(404, "No such creator."))
        : Future.succeededFuture(UserViews.publicView(user)));
  }

  /** By {@code id} (cached) or {@code username}. */
  public Future<JsonObject> user(Object id, Object username) {
    if (id instanceof String byId) {
      return users.cached(byId).map(UserViews::internalView);
    }
    if (!(username instanceof String name)) {
      return Future.failedFuture(new ApiException(400, "Ask by id or username."));
    }
    return store.byUsername(name).compose(user -> user == null
        ? Future.failedFuture(new ApiException(404, "No such user.")) : Future.succeededFuture(UserViews.internalView(user)));
  }

  public Future<JsonObject> users(JsonArray ids) {
    if (ids == null || ids.size() > 200) {
      return Future.failedFuture(new ApiException(400, "Send up to 200 ids."));
    }
    return store.byIds(ids)
        .map(found -> new JsonObject().put("users", new JsonArray(found.stream().map(UserViews::internalView).toList())));
  }

  public Future<JsonObject> searchCreators(String text, int requestedLimit) {
    String q = text == null ? "" : text.trim();
    int limit = Math.max(1, Math.min(50, requestedLimit));
    if (q.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("items", new JsonArray()));
    }
    return store.searchCreators(q, limit)
        .map(found -> new JsonObject().put("items", new JsonArray(found.stream().map(UserViews::publicView).toList())));
  }

  /** Avatars and banners are public. */
  public Future<JsonObject> mediaPublic(String mediaId) {
    return mediaId == null ? Future.succeededFuture(new JsonObject().put("public", false))
        : store.isProfileMedia(mediaId).map(found -> new JsonObject().put("public", found));
  }

  /** Keeps the profile's {@code subscriberCount} and {@code postCount} in step with the other domains' events. */
  public Future<Void> count(JsonObject event) {
    String creatorId = event.getJsonObject("payload").getString("creatorId");
    String topic = event.getString("topic");
    String field = topic.startsWith("post.") ? "creatorProfile.postCount" : "creatorProfile.subscriberCount";
    int delta = SubscriptionTopics.ACTIVATED.equals(topic) || ContentTopics.POST_PUBLISHED.equals(topic) ? 1 : -1;
    return users.update(new JsonObject().put("_id", creatorId).put("role", "CREATOR"),
        new JsonObject().put("$inc", new JsonObject().put(field, delta))).mapEmpty();
  }
}
