package dev.creatorhub.testing;

import dev.creatorhub.auth.api.AuthClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The auth domain as service-level tests need it: a consumer on the local bus at the address
 * {@link AuthClient} asks, answering for the users the test added (by id or username), 404 for others.
 */
public final class AuthStandIn {

  private final Map<String, JsonObject> users = new ConcurrentHashMap<>();

  private AuthStandIn() {
  }

  public static AuthStandIn on(Vertx vertx) {
    AuthStandIn auth = new AuthStandIn();
    vertx.eventBus().<JsonObject>consumer(AuthClient.USER_GET, msg -> {
      JsonObject ask = msg.body();
      JsonObject user = auth.users.values().stream()
          .filter(u -> u.getString("id").equals(ask.getString("id")) || u.getString("username").equals(ask.getString("username")))
          .findFirst().orElse(null);
      if (user == null) {
        msg.fail(404, "No such user.");
      } else {
        msg.reply(user);
      }
    });
    return auth;
  }

  /** A new active user with this role (and {@code extra} fields of the auth view, e.g. a creator's price); its view. */
  public JsonObject add(String role, JsonObject extra) {
    String id = UUID.randomUUID().toString();
    JsonObject user = new JsonObject().put("id", id).put("username", "u" + id.substring(0, 8)).put("role", role).put("status", "ACTIVE")
        .mergeIn(extra);
    users.put(id, user);
    return user;
  }

  public JsonObject user(String id) {
    return users.get(id);
  }
}
