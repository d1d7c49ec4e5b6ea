package dev.creatorhub.subscriptions.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.auth.api.UserInfo;
import dev.creatorhub.subscriptions.store.SubscriptionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;

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

  public Future<JsonObject> mine(String fanId) {
    return store.ofFan(fanId, 500)
        .map(list -> new JsonObject().put("items", new JsonArray(list.stream().map(SubscriptionViews::view).toList())));
  }

  public Future<JsonObject> subscribers(String creatorId) {
    long now = clock.millis();
    return store.liveOfCreator(creatorId, 1000).compose(list -> {
      List<JsonObject> live = list.stream().filter(s -> SubscriptionViews.isLive(s, now)).toList();
      return auth.users(live.stream().map(s -> s.getString("fanId")).toList()).map(byId -> {
        JsonArray items = new JsonArray();
        for (JsonObject s : live) {
          UserInfo fan = byId.get(s.getString("fanId"));
          items.add(new JsonObject().put("subscriptionId", s.getString("_id")).put("status", s.getString("status"))
              .put("fan", new JsonObject().put("id", s.getString("fanId")).put("username", fan == null ? null : fan.username())
                  .put("displayName", fan == null ? null : fan.displayName()).put("avatar", fan == null ? null : fan.avatar()))
              .put("since", s.getString("createdAt")).put("currentPeriodEnd", SubscriptionViews.iso(s.getLong("currentPeriodEnd"))));
        }
        return new JsonObject().put("items", items).put("count", items.size());
      });
    });
  }
}
