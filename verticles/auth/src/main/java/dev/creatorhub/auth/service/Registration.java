package dev.creatorhub.auth.service;

import dev.creatorhub.auth.AuthSettings;
import dev.creatorhub.auth.AuthAddresses;
import dev.creatorhub.auth.store.UserStore;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.UUID;

/** New accounts: sign-up, and the first admin from the configuration. */
public final class Registration {

  private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

  private final UserStore store;
  private final Passwords passwords;
  private final AuthSettings.CreatorPrice creatorPrice;
  private final AuthSettings.BootstrapAdmin admin;
  private final Clock clock;

  Registration(UserStore store, Passwords passwords, AuthSettings settings, Clock clock) {
    this.store = store;
    this.passwords = passwords;
    this.creatorPrice = settings.creatorPrice();
    this.admin = settings.bootstrapAdmin();
    this.clock = clock;
  }

  public Future<JsonObject> register(JsonObject request) {
    JsonObject body = AuthSchemas.REGISTER.check(request);
    String username = AccountRules.normalizeUsername(body.getString("username"));
    String email = AccountRules.normalizeEmail(body.getString("email"));
    passwords.check("password", body.getString("password"), username, email);
    String role = body.getString("role");
    return passwords.hash(body.getString("password"))
        .compose(hash -> insert(username, email, hash, role, AccountRules.displayName(body.getString("displayName", username))));
  }

  private Future<JsonObject> insert(String username, String email, String passwordHash, String role, String displayName) {
    String now = clock.instant().toString();
    JsonObject user = new JsonObject()
        .put("_id", UUID.randomUUID().toString())
        .put("username", username)
        .put("email", email)
        .put("passwordHash", passwordHash)
        .put("role", role)
        .put("status", "ACTIVE")
        .put("profile", new JsonObject().put("displayName", displayName).put("bio", "")
            .putNull("profilePicture").putNull("bannerImage").put("isVerified", false))
        .put("createdAt", now)
        .put("updatedAt", now);
    if ("CREATOR".equals(role)) {
      user.put("creatorProfile", new JsonObject()
          .put("subscriptionPrice", creatorPrice.defaultPrice().toJson())
          .put("bundles", new JsonArray()).put("trialDays", 0)
          .put("subscriberCount", 0L).put("postCount", 0L));
    }
    Outbox.attach(user, Outbox.event(AuthAddresses.TOPIC_REGISTERED, user.getString("_id"),
        UserViews.publicView(user).put("email", email)));
    return store.insert(user)
        // One answer for both fields: telling which one is taken would tell whether an email has an account.
        .recover(err -> Mongo.isDuplicateKey(err)
            ? Future.failedFuture(new ApiException(409, "That username or email is already registered."))
            : Future.failedFuture(err))
        .map(v -> UserViews.privateView(user));
  }

  /** Creates {@code auth.bootstrapAdmin} unless it exists (a node starting at the same moment may win). */
  Future<Void> bootstrapAdmin() {
    if (admin.username().isBlank()) {
      return Future.succeededFuture();
    }
    String name = AccountRules.normalizeUsername(admin.username());
    return store.byUsername(name).compose(found -> {
      if (found != null) {
        return Future.succeededFuture();
      }
      String email = AccountRules.normalizeEmail(admin.email());
      passwords.check("auth.bootstrapAdmin.password", admin.password(), name, email);
      return passwords.hash(admin.password())
          .compose(hash -> insert(name, email, hash, "ADMIN", "Administrator"))
          .onSuccess(u -> LOG.info("created the first admin account '{}'", name))
          .recover(err -> err instanceof ApiException api && api.status() == 409
              ? Future.succeededFuture() : Future.failedFuture(err))
          .mapEmpty();
    });
  }
}
