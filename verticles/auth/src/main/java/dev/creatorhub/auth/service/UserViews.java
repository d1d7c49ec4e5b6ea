package dev.creatorhub.auth.service;

import dev.creatorhub.shared.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The only ways a user document leaves the domain: built field by field from an allow-list, so a
 * password hash, TOTP secret or recovery code can never slip into a response.
 */
final class UserViews {

  private UserViews() {
  }

  /** What anyone may see. */
  static JsonObject publicView(JsonObject user) {
    JsonObject profile = user.getJsonObject("profile", new JsonObject());
    JsonObject view = new JsonObject()
        .put("id", user.getString("_id"))
        .put("username", user.getString("username"))
        .put("role", user.getString("role"))
        .put("displayName", profile.getString("displayName"))
        .put("bio", profile.getString("bio"))
        .put("avatar", profile.getString("profilePicture"))
        .put("banner", profile.getString("bannerImage"))
        .put("verified", profile.getBoolean("isVerified", false));
    if ("CREATOR".equals(user.getString("role"))) {
      JsonObject creator = user.getJsonObject("creatorProfile", new JsonObject());
      view.put("subscriptionPrice", creator.getJsonObject("subscriptionPrice"))
          .put("bundles", bundles(creator))
          .put("trialDays", creator.getInteger("trialDays", 0))
          .put("subscriberCount", creator.getLong("subscriberCount", 0L))
          .put("postCount", creator.getLong("postCount", 0L));
    }
    return view;
  }

  /** Each bundle with its price, computed by the rule subscriptions charge with: clients show it, never compute it. */
  private static JsonArray bundles(JsonObject creator) {
    JsonObject monthly = creator.getJsonObject("subscriptionPrice");
    JsonArray bundles = new JsonArray();
    for (Object b : creator.getJsonArray("bundles", new JsonArray())) {
      JsonObject bundle = ((JsonObject) b).copy();
      if (monthly != null && monthly.getValue("amount") instanceof Number && bundle.getValue("months") instanceof Number) {
        bundle.put("price", Money.from(monthly).bundle(bundle.getInteger("months"), bundle.getInteger("discountPercent", 0)).toJson());
      }
      bundles.add(bundle);
    }
    return bundles;
  }

  /** What the account owner sees. */
  static JsonObject privateView(JsonObject user) {
    JsonObject totp = user.getJsonObject("totp", new JsonObject());
    return publicView(user)
        .put("email", user.getString("email"))
        .put("status", user.getString("status"))
        .put("totpEnabled", totp.getBoolean("enabled", false))
        .put("createdAt", user.getString("createdAt"))
        .put("updatedAt", user.getString("updatedAt"));
  }

  /** What other domains get over the event bus. */
  static JsonObject internalView(JsonObject user) {
    return publicView(user).put("status", user.getString("status"));
  }
}
