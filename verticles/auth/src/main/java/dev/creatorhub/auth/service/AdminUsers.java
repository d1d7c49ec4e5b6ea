package dev.creatorhub.auth.service;

import dev.creatorhub.auth.AuthAddresses;
import dev.creatorhub.auth.store.Sessions;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.paging.Cursor;
import dev.creatorhub.shared.paging.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Locale;

/** What admins do to users: list, verify creators, suspend and reinstate. */
public final class AdminUsers {

  private final Users users;
  private final Sessions sessions;
  private final Clock clock;

  AdminUsers(Users users, Sessions sessions, Clock clock) {
    this.users = users;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** Users by username (unique, so it is its own tie-break), optionally those starting with {@code q}. */
  public Future<JsonObject> list(JsonObject request) {
    JsonObject body = request == null ? new JsonObject() : request;
    PageRequest page = PageRequest.of(body, 20, 100);
    String q = body.getString("q");
    String prefix = q == null || q.isBlank() ? null : q.trim().toLowerCase(Locale.ROOT);
    return users.store.page(prefix, page.afterKey(), page.fetch())
        .map(found -> page.slice(found, u -> new Cursor(u.getString("username"), u.getString("_id"))).toJson(UserViews::privateView));
  }

  public Future<JsonObject> verify(String userId, JsonObject request) {
    JsonObject body = AuthSchemas.VERIFY.check(request);
    return users.require(userId).compose(user -> {
      if (!"CREATOR".equals(user.getString("role"))) {
        return Future.failedFuture(new ApiException(409, "Only creators are verified."));
      }
      JsonObject set = new JsonObject().put("profile.isVerified", body.getBoolean("verified")).put("updatedAt", clock.instant().toString());
      JsonObject updated = AccountRules.applySet(user.copy(), set);
      return users.set(userId, set, Outbox.event(AuthAddresses.TOPIC_UPDATED, userId, UserViews.publicView(updated)))
          .map(r -> UserViews.privateView(updated));
    });
  }

  /** A suspension ends every session of the user at once. */
  public Future<JsonObject> suspend(String adminId, String userId, JsonObject request) {
    JsonObject body = AuthSchemas.SUSPEND.check(request);
    if (userId.equals(adminId)) {
      return Future.failedFuture(new ApiException(409, "Admins cannot suspend themselves."));
    }
    boolean suspended = body.getBoolean("suspended");
    return users.require(userId).compose(user -> {
      JsonObject set = new JsonObject().put("status", suspended ? "SUSPENDED" : "ACTIVE").put("updatedAt", clock.instant().toString());
      JsonObject updated = AccountRules.applySet(user.copy(), set);
      JsonObject event = Outbox.event(AuthAddresses.TOPIC_SUSPENDED, userId, new JsonObject().put("userId", userId)
          .put("suspended", suspended).put("reason", body.getString("reason")).put("by", adminId));
      return users.set(userId, set, event)
          .compose(r -> suspended ? sessions.revokeAll(userId) : Future.succeededFuture())
          .map(v -> UserViews.privateView(updated));
    });
  }
}
