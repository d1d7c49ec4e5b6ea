package dev.creatorhub.subscriptions.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.auth.api.UserInfo;
import dev.creatorhub.subscriptions.store.SubscriptionStore;
import dev.creatorhub.shared.paging.Cursor;
import dev.creatorhub.shared.paging.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Map;

/** A fan's subscriptions, and a creator's current subscribers. */
public final class SubscriptionLists {

  private final SubscriptionStore store;
  private final AuthClient auth;
  private final Clock clock;

  SubscriptionLists(SubscriptionStore store, AuthClient auth, Clock clock) {
    this.store = store;
    this.auth = auth;
    this.clock = clock;
  }

  public Future<JsonObject> mine(String fanId, JsonObject paging) {
    PageRequest page = PageRequest.of(paging, 50, 100);
    return store.ofFan(fanId, page.afterKey(), page.afterId(), page.fetch()).map(found -> page.slice(found, SubscriptionLists::position)
        .toJson(SubscriptionViews::view));
  }

  /** Who has access now, newest first, with how many they are in all ({@code count}). */
  public Future<JsonObject> subscribers(String creatorId, JsonObject paging) {
    PageRequest page = PageRequest.of(paging, 50, 100);
    long now = clock.millis();
    Future<Long> count = store.countLiveOfCreator(creatorId, now);
    return store.liveOfCreator(creatorId, now, page.afterKey(), page.afterId(), page.fetch()).compose(found -> {
      PageRequest.Slice<JsonObject> slice = page.slice(found, SubscriptionLists::position);
      return Future.all(auth.users(slice.items().stream().map(s -> s.getString("fanId")).toList()), count).map(all -> {
        Map<String, UserInfo> byId = all.resultAt(0);
        return slice.toJson(s -> subscriber(s, byId.get(s.getString("fanId")))).put("count", count.result());
      });
    });
  }

  private static JsonObject subscriber(JsonObject s, UserInfo fan) {
    return new JsonObject().put("subscriptionId", s.getString("_id")).put("status", s.getString("status"))
        .put("fan", new JsonObject().put("id", s.getString("fanId")).put("username", fan == null ? null : fan.username())
            .put("displayName", fan == null ? null : fan.displayName()).put("avatar", fan == null ? null : fan.avatar()))
        .put("since", s.getString("createdAt")).put("currentPeriodEnd", SubscriptionViews.iso(s.getLong("currentPeriodEnd")));
  }

  private static Cursor position(JsonObject sub) {
    return new Cursor(sub.getString("createdAt"), sub.getString("_id"));
  }
}
