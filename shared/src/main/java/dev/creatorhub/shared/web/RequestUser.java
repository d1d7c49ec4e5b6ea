package dev.creatorhub.shared.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;

/**
 * The verified caller of a request (from its access token), or {@code null} for anonymous calls;
 * {@code expiresAt} is when the token expires (epoch seconds).
 */
public record RequestUser(String id, String role, String sessionId, long expiresAt) {


  private static final String KEY = "requestUser";

  public static RequestUser of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  public static void set(RoutingContext ctx, RequestUser user) {
    ctx.put(KEY, user);
  }

  /** Reads the claims of a token verified by vertx-auth-jwt. */
  public static RequestUser fromToken(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
    return new RequestUser(claims.getString("sub"), claims.getString("role"), claims.getString("sid"), claims.getLong("exp", 0L));
  }

  public boolean hasRole(String... roles) {
    for (String r : roles) {
      if (r.equals(role)) {
        return true;
      }
    }
    return false;
  }
}
