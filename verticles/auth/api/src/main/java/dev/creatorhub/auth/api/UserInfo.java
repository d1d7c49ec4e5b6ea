package dev.creatorhub.auth.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What other domains learn about a user (the auth domain's internal view): never a secret, and for
 * creators the terms of a subscription. {@code subscriptionPrice} is {@code {amount, currency}} in
 * minor units; each bundle is {@code {months, discountPercent}}.
 */
public record UserInfo(String id, String username, String role, String status, String displayName, String avatar,
                       JsonObject subscriptionPrice, JsonArray bundles, int trialDays) {

  public static UserInfo fromJson(JsonObject view) {
    return new UserInfo(view.getString("id"), view.getString("username"), view.getString("role"), view.getString("status"),
        view.getString("displayName"), view.getString("avatar"), view.getJsonObject("subscriptionPrice"),
        view.getJsonArray("bundles", new JsonArray()), view.getInteger("trialDays", 0));
  }

  public boolean isCreator() {
    return "CREATOR".equals(role);
  }

  /** A creator whose account is active: one fans can pay and subscribe to. */
  public boolean isActiveCreator() {
    return isCreator() && "ACTIVE".equals(status);
  }
}
