package dev.creatorhub.auth.service;

import dev.creatorhub.auth.AuthAddresses;
import dev.creatorhub.auth.store.UserStore;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** Users read through the cache, and every write to a user, which drops cached copies on every node. */
final class Users {

  private final Vertx vertx;
  final UserStore store;
  private final UserCache cache;

  Users(Vertx vertx, UserStore store) {
    this.vertx = vertx;
    this.store = store;
    this.cache = new UserCache(store::byId);
  }

  Future<Void> listen() {
    return vertx.eventBus().<String>consumer(AuthAddresses.CACHE_INVALIDATE, msg -> cache.invalidate(msg.body())).completion();
  }

  /** Recently read (for hot read paths; decisions that matter read the store). */
  Future<JsonObject> cached(String id) {
    return cache.get(id);
  }

  Future<Buffer> encodedOwnView(String id) {
    return cache.encodedOwnView(id, UserViews::privateView);
  }

  /** From the store, or 404. */
  Future<JsonObject> require(String userId) {
    return store.byId(userId)
        .compose(user -> user == null ? Future.failedFuture(new ApiException(404, "No such user.")) : Future.succeededFuture(user));
  }

  /** Applies {@code update} to the user {@code query} names (by {@code _id}); true when it changed. */
  Future<Boolean> update(JsonObject query, JsonObject update) {
    String id = query.getString("_id");
    return store.update(query, update).onSuccess(r -> {
      cache.invalidate(id);
      vertx.eventBus().publish(AuthAddresses.CACHE_INVALIDATE, id);
    });
  }

  /** Sets fields and records {@code event} with them (the outbox relays it). */
  Future<Boolean> set(String userId, JsonObject set, JsonObject event) {
    return update(new JsonObject().put("_id", userId), Outbox.push(new JsonObject().put("$set", set), event));
  }
}
