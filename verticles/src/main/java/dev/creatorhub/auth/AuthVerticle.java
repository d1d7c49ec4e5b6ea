package dev.creatorhub.auth;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.api.ContentTopics;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.kafka.EventConsumer;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.redis.RedisClients;
import dev.creatorhub.shared.security.JwtKeys;
import dev.creatorhub.shared.security.Revocations;
import dev.creatorhub.shared.text.DisplayText;
import dev.creatorhub.subscriptions.api.SubscriptionTopics;
import dev.creatorhub.uploads.api.UploadsClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Accounts: registration, sign-in (password, then TOTP when enabled), sessions with rotating
 * refresh tokens, profiles, creator pricing, and the admin actions on users. Owns the {@code users}
 * and {@code sessions} collections and the {@code auth:fail:*} Redis keys (login throttle counters).
 */
public class AuthVerticle extends VerticleBase {

  private UploadsClient uploads;

  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  static final String USERS = "users";
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.]{3,30}");
  private static final Pattern EMAIL = Pattern.compile("[^\\s@\"<>()\\[\\],;:]{1,64}@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.[a-z]{2,24}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private JsonObject auth;
  private MongoClient mongo;
  private final BusService.Served served = new BusService.Served();
  private Redis redis;
  private Sessions sessions;
  private LoginThrottle throttle;
  private PasswordPolicy policy;
  private PasswordHasher hasher;
  private WorkerExecutor hashing;
  private JWTAuth signer;
  private String dummyHash;
  private long accessTtl;
  private UserCache users;
  private EventConsumer subscriberCounts;
  private long purgeTimer = -1;

  @Override
  public Future<?> start() {
    uploads = new UploadsClient(vertx);
    auth = config().getJsonObject("auth");
    accessTtl = config().getJsonObject("jwt").getLong("accessTokenTtlSeconds", 900L);
    mongo = Mongo.client(vertx, config(), "auth");
    redis = RedisClients.create(vertx, config());
    sessions = new Sessions(vertx, mongo, auth.getLong("refreshTokenTtlSeconds"), accessTtl);
    throttle = new LoginThrottle(vertx, redis, auth.getJsonObject("loginThrottle"));
    JsonObject argon = auth.getJsonObject("argon2");
    hasher = new PasswordHasher(argon.getInteger("memoryKiB"), argon.getInteger("iterations"), argon.getInteger("parallelism"));
    users = new UserCache(id -> mongo.findOne(USERS, new JsonObject().put("_id", id), null));
    hashing = vertx.createSharedWorkerExecutor("auth-password-hashing", auth.getInteger("hashingThreads", 2));
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    return JwtKeys.read(vertx, config())
        .compose(keys -> keys.canSign() ? Future.succeededFuture(keys.auth(vertx, config()))
            : Future.failedFuture("the auth verticle signs tokens: set jwt.privateKeyFile (JWT_PRIVATE_KEY_FILE)"))
        .compose(jwt -> {
          signer = jwt;
          return Future.all(
              Mongo.uniqueIndex(mongo, USERS, new JsonObject().put("username", 1), "username_unique"),
              Mongo.uniqueIndex(mongo, USERS, new JsonObject().put("email", 1), "email_unique"),
              sessions.createIndexes(),
              vertx.executeBlocking(PasswordPolicy::load),
              hash(UUID.randomUUID().toString()));
        })
        .compose(all -> {
          policy = all.resultAt(3);
          dummyHash = all.resultAt(4);
          return bootstrapAdmin();
        })
        .compose(v -> Future.all(List.of(
            serve(AuthAddresses.REGISTER, this::register),
            serve(AuthAddresses.LOGIN, this::login),
            serve(AuthAddresses.REFRESH, this::refresh),
            serve(AuthAddresses.LOGOUT, this::logout),
            serve(AuthAddresses.ME, msg -> users.encodedOwnView(BusService.requireUser(msg), UserViews::privateView)),
            serve(AuthAddresses.UPDATE_ME, this::updateMe),
            serve(AuthAddresses.CHANGE_PASSWORD, this::changePassword),
            serve(AuthAddresses.TOTP_SETUP, this::totpSetup),
            serve(AuthAddresses.TOTP_ENABLE, this::totpEnable),
            serve(AuthAddresses.TOTP_DISABLE, this::totpDisable),
            serve(AuthAddresses.CREATOR_PROFILE, this::creatorProfile),
            serve(AuthAddresses.ADMIN_USERS, this::adminUsers),
            serve(AuthAddresses.ADMIN_VERIFY, this::adminVerify),
            serve(AuthAddresses.ADMIN_SUSPEND, this::adminSuspend),
            serve(AuthClient.USER_GET, this::userGet),
            serve(AuthClient.USERS_GET, this::usersGet),
            serve(AuthClient.CREATORS_SEARCH, this::searchCreators),
            serve(AuthClient.MEDIA_PUBLIC, this::mediaPublic),
            serve(Revocations.SNAPSHOT_ADDRESS, msg -> sessions.snapshot()),
            vertx.eventBus().<String>consumer(AuthAddresses.CACHE_INVALIDATE, msg -> users.invalidate(msg.body())).completion(),
            ServicePing.register(vertx, AuthAddresses.SERVICE, nodeId).mapEmpty())))
        // Gateways that started before us learn what is revoked.
        .compose(v -> sessions.snapshot().onSuccess(s -> vertx.eventBus().publish(Revocations.ADDRESS, s)))
        .compose(v -> EventConsumer.start(vertx, config(), "auth", "auth-subscriber-counts",
            Set.of(SubscriptionTopics.ACTIVATED, SubscriptionTopics.EXPIRED,
                ContentTopics.POST_PUBLISHED, ContentTopics.POST_DELETED), mongo, this::count))
        .onSuccess(consumer -> {
          subscriberCounts = consumer;
          purgeTimer = vertx.setPeriodic(auth.getLong("sessionPurgeMinutes", 60L) * 60_000, id -> sessions.purge()
              .onFailure(err -> LOG.warn("session purge failed: {}", err.toString())));
        });
  }

  /** Keeps the profile's {@code subscriberCount} and {@code postCount} in step with the other domains' events. */
  private Future<Void> count(JsonObject event) {
    String creatorId = event.getJsonObject("payload").getString("creatorId");
    String topic = event.getString("topic");
    String field = topic.startsWith("post.") ? "creatorProfile.postCount" : "creatorProfile.subscriberCount";
    int delta = SubscriptionTopics.ACTIVATED.equals(topic) || ContentTopics.POST_PUBLISHED.equals(topic) ? 1 : -1;
    return updateUser(new JsonObject().put("_id", creatorId).put("role", "CREATOR"),
        new JsonObject().put("$inc", new JsonObject().put(field, delta))).mapEmpty();
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    if (subscriberCounts != null) {
      subscriberCounts.close();
    }
    vertx.cancelTimer(purgeTimer);
    return served.stop().eventually(() -> hashing.close()).eventually(() -> mongo.close()).onComplete(v -> redis.close());
  }

  // ---- accounts ---------------------------------------------------------------------------

  private Future<JsonObject> register(Message<JsonObject> msg) {
    JsonObject body = AuthSchemas.REGISTER.check(msg.body());
    String username = normalizeUsername(body.getString("username"));
    String email = normalizeEmail(body.getString("email"));
    policy.check("password", body.getString("password"), username, email);
    String role = body.getString("role");
    return hash(body.getString("password"))
        .compose(hash -> insertUser(username, email, hash, role, displayName(body.getString("displayName", username))));
  }

  private Future<JsonObject> insertUser(String username, String email, String passwordHash, String role, String displayName) {
    String now = Instant.now().toString();
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
      JsonObject price = auth.getJsonObject("creatorPrice");
      user.put("creatorProfile", new JsonObject()
          .put("subscriptionPrice", money(price.getLong("defaultAmount"), price.getString("currency")))
          .put("bundles", new JsonArray()).put("trialDays", 0)
          .put("subscriberCount", 0L).put("postCount", 0L));
    }
    Outbox.attach(user, Outbox.event(AuthAddresses.TOPIC_REGISTERED, user.getString("_id"),
        UserViews.publicView(user).put("email", email)));
    return mongo.insert(USERS, user)
        // One answer for both fields: telling which one is taken would tell whether an email has an account.
        .recover(err -> Mongo.isDuplicateKey(err)
            ? Future.failedFuture(new ApiException(409, "That username or email is already registered."))
            : Future.failedFuture(err))
        .map(id -> {
          Outbox.nudge(vertx, USERS, user.getString("_id"));
          return UserViews.privateView(user);
        });
  }

  private Future<Void> bootstrapAdmin() {
    JsonObject admin = auth.getJsonObject("bootstrapAdmin", new JsonObject());
    String username = admin.getString("username", "");
    if (username.isBlank()) {
      return Future.succeededFuture();
    }
    String name = normalizeUsername(username);
    return mongo.findOne(USERS, new JsonObject().put("username", name), new JsonObject().put("_id", 1))
        .compose(found -> {
          if (found != null) {
            return Future.succeededFuture();
          }
          String email = normalizeEmail(admin.getString("email"));
          policy.check("auth.bootstrapAdmin.password", admin.getString("password", ""), name, email);
          return hash(admin.getString("password"))
              .compose(hash -> insertUser(name, email, hash, "ADMIN", "Administrator"))
              .onSuccess(u -> LOG.info("created the first admin account '{}'", name))
              // Another node created it at the same moment.
              .recover(err -> err instanceof ApiException api && api.status() == 409
                  ? Future.succeededFuture() : Future.failedFuture(err))
              .mapEmpty();
        });
  }

  // ---- sign-in and sessions ---------------------------------------------------------------

  private Future<JsonObject> login(Message<JsonObject> msg) {
    JsonObject body = AuthSchemas.LOGIN.check(msg.body());
    String login = body.getString("login").trim().toLowerCase(Locale.ROOT);
    String ip = msg.headers().get(BusHeaders.CLIENT_IP) == null ? "unknown" : msg.headers().get(BusHeaders.CLIENT_IP);
    JsonObject query = new JsonObject().put(login.contains("@") ? "email" : "username", login);
    return mongo.findOne(USERS, query, null).compose(found -> {
      String account = LoginThrottle.account(found, login);
      return throttle.check(account, ip)
        // Unknown accounts cost the same hash as real ones: same answer, same time.
        .compose(v -> verify(body.getString("password"), found == null ? dummyHash : found.getString("passwordHash")))
        .map(ok -> ok && found != null ? found : null)
        .compose(user -> {
          if (user == null) {
            return throttle.failed(account, ip).compose(v -> Future.failedFuture(
                new ApiException(401, "Invalid login or password.")));
          }
          if ("SUSPENDED".equals(user.getString("status"))) {
            return Future.failedFuture(new ApiException(403, "This account is suspended."));
          }
          if (user.getJsonObject("totp", new JsonObject()).getBoolean("enabled", false)) {
            String code = body.getString("totp");
            if (code == null) {
              return Future.failedFuture(new ApiException(401, "Two-factor code required",
                  "Enter the code from your authenticator app or a recovery code.", new JsonObject().put("totpRequired", true)));
            }
            return secondFactor(user, code).compose(ok -> ok ? signedIn(account, ip, user)
                : throttle.failed(account, ip).compose(v -> Future.failedFuture(new ApiException(401, "Two-factor code required",
                    "That code is not valid.", new JsonObject().put("totpRequired", true)))));
          }
          return signedIn(account, ip, user);
        });
    });
  }

  private Future<JsonObject> signedIn(String account, String ip, JsonObject user) {
    return throttle.succeeded(account, ip)
        .compose(v -> sessions.start(user.getString("_id"), user.getString("passwordChangedAt")))
        .map(started -> tokens(user, started[0], started[1]));
  }

  private JsonObject tokens(JsonObject user, String family, String refreshToken) {
    JWTOptions options = new JWTOptions().setAlgorithm(JwtKeys.ALGORITHM)
        .setIssuer(config().getJsonObject("jwt").getString("issuer"))
        .setAudience(List.of(config().getJsonObject("jwt").getString("audience")))
        .setExpiresInSeconds((int) accessTtl);
    String access = signer.generateToken(new JsonObject()
        .put("sub", user.getString("_id"))
        .put("role", user.getString("role"))
        .put("sid", family)
        .put("jti", UUID.randomUUID().toString()), options);
    return new JsonObject().put("accessToken", access).put("refreshToken", refreshToken)
        .put("tokenType", "Bearer").put("expiresIn", accessTtl).put("user", UserViews.privateView(user));
  }

  private Future<JsonObject> refresh(Message<JsonObject> msg) {
    JsonObject body = AuthSchemas.REFRESH.check(msg.body());
    return sessions.rotate(body.getString("refreshToken")).compose(rotation -> switch (rotation.status()) {
      case "OK" -> mongo.findOne(USERS, new JsonObject().put("_id", rotation.userId()), null).compose(user -> {
        if (user == null || !"ACTIVE".equals(user.getString("status"))) {
          return sessions.revokeFamily(rotation.family())
              .compose(v -> Future.failedFuture(new ApiException(401, "This account cannot sign in.")));
        }
        if (!java.util.Objects.equals(rotation.credential(), user.getString("passwordChangedAt"))) {
          return sessions.revokeFamily(rotation.family())
              .compose(v -> Future.failedFuture(new ApiException(401, "The password was changed; sign in again.")));
        }
        return Future.succeededFuture(tokens(user, rotation.family(), rotation.token()));
      });
      case "REPLAY" -> Future.failedFuture(new ApiException(401,
          "This refresh token was already used, so the session was ended; sign in again."));
      default -> Future.failedFuture(new ApiException(401, "The refresh token is invalid or expired."));
    });
  }

  private Future<JsonObject> logout(Message<JsonObject> msg) {
    JsonObject body = AuthSchemas.LOGOUT.check(msg.body() == null ? new JsonObject() : msg.body());
    String userId = msg.headers().get(BusHeaders.USER_ID);
    String sid = msg.headers().get(BusHeaders.SESSION_ID);
    List<Future<?>> revoked = new ArrayList<>();
    if (sid != null) {
      revoked.add(sessions.revokeFamily(sid));
    }
    String refreshToken = body.getString("refreshToken");
    Future<Boolean> byToken = refreshToken == null ? Future.succeededFuture(false)
        : sessions.describe(refreshToken).compose(found -> {
          if (found == null || (userId != null && !userId.equals(found.getString("userId")))) {
            return Future.succeededFuture(false);
          }
          return sessions.revokeFamily(found.getString("family")).map(true);
        });
    return Future.all(revoked).compose(v -> byToken).compose(done -> done || sid != null
        ? Future.succeededFuture(new JsonObject())
        : Future.failedFuture(new ApiException(401, "Send the access token or the refresh token of the session to end.")));
  }

  /** True when the code is the current TOTP (not used before) or an unused recovery code. */
  private Future<Boolean> secondFactor(JsonObject user, String code) {
    JsonObject totp = user.getJsonObject("totp", new JsonObject());
    String id = user.getString("_id");
    String trimmed = code.trim();
    if (trimmed.matches("\\d{6}")) {
      long step = Totp.verify(totp.getString("secret"), trimmed, Instant.now().getEpochSecond(), totp.getLong("lastStep", -1L));
      if (step < 0) {
        return Future.succeededFuture(false);
      }
      // Atomic: the same code cannot sign in twice, even concurrently.
      JsonObject query = new JsonObject().put("_id", id).put("totp.lastStep", new JsonObject().put("$lt", step));
      return updateUser(query, new JsonObject().put("$set", new JsonObject().put("totp.lastStep", step)))
          .map(r -> r.getDocModified() == 1);
    }
    String hashed = Sessions.sha256(normalizeRecoveryCode(trimmed));
    return updateUser(new JsonObject().put("_id", id).put("totp.recoveryCodes", hashed),
            new JsonObject().put("$pull", new JsonObject().put("totp.recoveryCodes", hashed)))
        .map(r -> r.getDocModified() == 1);
  }

  // ---- the signed-in user -----------------------------------------------------------------

  private Future<JsonObject> updateMe(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    JsonObject body = AuthSchemas.UPDATE_ME.check(msg.body());
    return user(userId).compose(user -> {
      boolean creator = "CREATOR".equals(user.getString("role"));
      JsonObject set = new JsonObject();
      if (body.containsKey("displayName")) {
        set.put("profile.displayName", displayName(body.getString("displayName")));
      }
      if (body.containsKey("bio")) {
        set.put("profile.bio", DisplayText.bio(body.getString("bio")));
      }
      for (String field : List.of("subscriptionPrice", "bundles", "trialDays")) {
        if (body.containsKey(field) && !creator) {
          throw new ApiException(403, "Only creators have " + field + ".");
        }
      }
      if (body.containsKey("subscriptionPrice")) {
        set.put("creatorProfile.subscriptionPrice", checkPrice(body.getJsonObject("subscriptionPrice")));
      }
      if (body.containsKey("bundles")) {
        set.put("creatorProfile.bundles", checkBundles(body.getJsonArray("bundles")));
      }
      if (body.containsKey("trialDays")) {
        set.put("creatorProfile.trialDays", body.getInteger("trialDays"));
      }
      return Future.all(mediaField(userId, body, "avatarMediaId", "profile.profilePicture", set),
              mediaField(userId, body, "bannerMediaId", "profile.bannerImage", set))
          .compose(v -> {
            set.put("updatedAt", Instant.now().toString());
            JsonObject updated = applySet(user.copy(), set);
            JsonObject update = Outbox.push(new JsonObject().put("$set", set),
                Outbox.event(AuthAddresses.TOPIC_UPDATED, userId, UserViews.publicView(updated)));
            return updateUser(new JsonObject().put("_id", userId), update).map(r -> {
              Outbox.nudge(vertx, USERS, userId);
              return UserViews.privateView(updated);
            });
          });
    });
  }

  private JsonObject checkPrice(JsonObject price) {
    JsonObject bounds = auth.getJsonObject("creatorPrice");
    long amount = price.getLong("amount");
    if (!bounds.getString("currency").equals(price.getString("currency"))) {
      throw fieldError("subscriptionPrice.currency", "Prices are in " + bounds.getString("currency") + ".");
    }
    if (amount < bounds.getLong("minAmount") || amount > bounds.getLong("maxAmount")) {
      throw fieldError("subscriptionPrice.amount", "The price must be between " + bounds.getLong("minAmount")
          + " and " + bounds.getLong("maxAmount") + " (minor units).");
    }
    return money(amount, price.getString("currency"));
  }

  private static JsonArray checkBundles(JsonArray bundles) {
    Set<Integer> months = new HashSet<>();
    JsonArray sorted = new JsonArray();
    bundles.stream().map(b -> (JsonObject) b)
        .sorted((a, b) -> Integer.compare(a.getInteger("months"), b.getInteger("months")))
        .forEach(b -> {
          if (!months.add(b.getInteger("months"))) {
            throw fieldError("bundles", "Each bundle length may appear once.");
          }
          sorted.add(new JsonObject().put("months", b.getInteger("months")).put("discountPercent", b.getInteger("discountPercent")));
        });
    return sorted;
  }

  /** Avatars and banners must be images the user uploaded: the uploads domain says who owns a media id. */
  private Future<Void> mediaField(String userId, JsonObject body, String field, String target, JsonObject set) {
    if (!body.containsKey(field)) {
      return Future.succeededFuture();
    }
    String mediaId = body.getString(field);
    if (mediaId == null) {
      set.putNull(target);
      return Future.succeededFuture();
    }
    return uploads.describe(mediaId)
        .recover(err -> err instanceof ApiException api && api.status() == 404
            ? Future.failedFuture(fieldError(field, "No such media.")) : Future.failedFuture(err))
        .compose(media -> {
          if (!userId.equals(media.ownerId())) {
            return Future.failedFuture(new ApiException(403, "That media belongs to someone else."));
          }
          if (!media.isImage()) {
            return Future.failedFuture(fieldError(field, "Avatars and banners must be images."));
          }
          set.put(target, mediaId);
          return Future.succeededFuture();
        });
  }

  private Future<JsonObject> changePassword(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    JsonObject body = AuthSchemas.CHANGE_PASSWORD.check(msg.body());
    String ip = clientIp(msg);
    return user(userId).compose(user -> recheckPassword(user, body.getString("currentPassword"), ip)
        .compose(ok -> {
          if (!ok) {
            return Future.failedFuture(new ApiException(403, "The current password is wrong."));
          }
          policy.check("newPassword", body.getString("newPassword"), user.getString("username"), user.getString("email"));
          return hash(body.getString("newPassword"));
        })
        .compose(hash -> updateUser(new JsonObject().put("_id", userId), new JsonObject()
            .put("$set", new JsonObject().put("passwordHash", hash).put("passwordChangedAt", Instant.now().toString()))))
        .compose(r -> sessions.revokeAll(userId))
        .map(v -> new JsonObject()));
  }

  private Future<JsonObject> totpSetup(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    return user(userId).compose(user -> {
      if (user.getJsonObject("totp", new JsonObject()).getBoolean("enabled", false)) {
        return Future.failedFuture(new ApiException(409, "Two-factor sign-in is already on."));
      }
      String secret = Totp.newSecret();
      return updateUser(new JsonObject().put("_id", userId),
              new JsonObject().put("$set", new JsonObject().put("totpPending", secret)))
          .map(r -> new JsonObject().put("secret", secret)
              .put("otpauthUrl", Totp.uri(secret, auth.getString("totpIssuer", "creatorhub"), user.getString("username"))));
    });
  }

  private Future<JsonObject> totpEnable(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    JsonObject body = AuthSchemas.TOTP_CODE.check(msg.body());
    return user(userId).compose(user -> {
      String pending = user.getString("totpPending");
      if (pending == null) {
        return Future.failedFuture(new ApiException(409, "Start the two-factor set-up first."));
      }
      long step = Totp.verify(pending, body.getString("code").trim(), Instant.now().getEpochSecond(), -1);
      if (step < 0) {
        return Future.failedFuture(fieldError("code", "That code does not match; check the device clock and try again."));
      }
      List<String> codes = new ArrayList<>();
      JsonArray hashes = new JsonArray();
      for (int i = 0; i < 10; i++) {
        String code = recoveryCode();
        codes.add(code);
        hashes.add(Sessions.sha256(normalizeRecoveryCode(code)));
      }
      JsonObject update = new JsonObject()
          .put("$set", new JsonObject().put("totp", new JsonObject().put("enabled", true).put("secret", pending)
              .put("lastStep", step).put("recoveryCodes", hashes)).put("updatedAt", Instant.now().toString()))
          .put("$unset", new JsonObject().put("totpPending", ""));
      return updateUser(new JsonObject().put("_id", userId).put("totpPending", pending), update)
          .map(r -> new JsonObject().put("recoveryCodes", new JsonArray(codes)));
    });
  }

  private Future<JsonObject> totpDisable(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    JsonObject body = AuthSchemas.TOTP_DISABLE.check(msg.body());
    return user(userId).compose(user -> {
      if (!user.getJsonObject("totp", new JsonObject()).getBoolean("enabled", false)) {
        return Future.failedFuture(new ApiException(409, "Two-factor sign-in is not on."));
      }
      String ip = clientIp(msg);
      return recheckPassword(user, body.getString("password"), ip)
          .compose(ok -> !ok ? Future.succeededFuture(false) : secondFactor(user, body.getString("code"))
              .compose(valid -> valid ? Future.succeededFuture(true) : throttle.failed(user.getString("_id"), ip).map(false)))
          .compose(ok -> ok
              ? updateUser(new JsonObject().put("_id", userId),
                  new JsonObject().put("$unset", new JsonObject().put("totp", "")))
                  .map(r -> new JsonObject())
              : Future.failedFuture(new ApiException(403, "The password or the code is wrong.")));
    });
  }

  // ---- public and internal lookups --------------------------------------------------------

  private Future<JsonObject> creatorProfile(Message<JsonObject> msg) {
    String username = String.valueOf(msg.body().getValue("username")).toLowerCase(Locale.ROOT);
    return mongo.findOne(USERS, new JsonObject().put("username", username).put("role", "CREATOR").put("status", "ACTIVE"), null)
        .compose(user -> user == null ? Future.failedFuture(new ApiException(404, "No such creator."))
            : Future.succeededFuture(UserViews.publicView(user)));
  }

  private Future<JsonObject> userGet(Message<JsonObject> msg) {
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    if (body.getValue("id") instanceof String id) {
      return users.get(id).map(UserViews::internalView);
    }
    JsonObject query = body.getValue("username") instanceof String name ? new JsonObject().put("username", name.toLowerCase(Locale.ROOT))
        : null;
    if (query == null) {
      return Future.failedFuture(new ApiException(400, "Ask by id or username."));
    }
    return mongo.findOne(USERS, query, null).compose(user -> user == null
        ? Future.failedFuture(new ApiException(404, "No such user.")) : Future.succeededFuture(UserViews.internalView(user)));
  }

  private Future<JsonObject> usersGet(Message<JsonObject> msg) {
    JsonArray ids = msg.body() == null ? null : msg.body().getJsonArray("ids");
    if (ids == null || ids.size() > 200) {
      return Future.failedFuture(new ApiException(400, "Send up to 200 ids."));
    }
    return mongo.find(USERS, new JsonObject().put("_id", new JsonObject().put("$in", ids)))
        .map(users -> new JsonObject().put("users", new JsonArray(users.stream().map(UserViews::internalView).toList())));
  }

  /** Active creators whose username, display name or bio contains {@code q} (case-insensitive). */
  private Future<JsonObject> searchCreators(Message<JsonObject> msg) {
    String q = msg.body().getString("q", "").trim();
    int limit = Math.max(1, Math.min(50, msg.body().getInteger("limit", 20)));
    if (q.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("items", new JsonArray()));
    }
    JsonObject contains = new JsonObject().put("$regex", Pattern.quote(q)).put("$options", "i");
    JsonObject query = new JsonObject().put("role", "CREATOR").put("status", "ACTIVE")
        .put("$or", new JsonArray().add(new JsonObject().put("username", contains))
            .add(new JsonObject().put("profile.displayName", contains)).add(new JsonObject().put("profile.bio", contains)));
    FindOptions options = new FindOptions().setSort(new JsonObject().put("creatorProfile.subscriberCount", -1).put("username", 1))
        .setLimit(limit);
    return mongo.findWithOptions(USERS, query, options)
        .map(found -> new JsonObject().put("items", new JsonArray(found.stream().map(UserViews::publicView).toList())));
  }

  /** Avatars and banners are public: {@code {mediaId}} → {@code {public}}. */
  private Future<JsonObject> mediaPublic(Message<JsonObject> msg) {
    String mediaId = msg.body().getString("mediaId");
    if (mediaId == null) {
      return Future.succeededFuture(new JsonObject().put("public", false));
    }
    JsonObject query = new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put("profile.profilePicture", mediaId)).add(new JsonObject().put("profile.bannerImage", mediaId)));
    return mongo.findOne(USERS, query, new JsonObject().put("_id", 1))
        .map(found -> new JsonObject().put("public", found != null));
  }

  // ---- admin ------------------------------------------------------------------------------

  private Future<JsonObject> adminUsers(Message<JsonObject> msg) {
    BusService.requireRole(msg, "ADMIN");
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    int limit = Math.max(1, Math.min(100, body.getInteger("limit", 20)));
    JsonObject query = new JsonObject();
    String q = body.getString("q");
    if (q != null && !q.isBlank()) {
      query.put("username", new JsonObject().put("$regex", "^" + Pattern.quote(q.trim().toLowerCase(Locale.ROOT))));
    }
    String cursor = body.getString("cursor");
    if (cursor != null && !cursor.isBlank()) {
      JsonObject range = query.getJsonObject("username", new JsonObject());
      query.put("username", range.put("$gt", cursor));
    }
    FindOptions options = new FindOptions().setSort(new JsonObject().put("username", 1)).setLimit(limit + 1);
    return mongo.findWithOptions(USERS, query, options).map(users -> {
      boolean more = users.size() > limit;
      List<JsonObject> page = more ? users.subList(0, limit) : users;
      return new JsonObject().put("items", new JsonArray(page.stream().map(UserViews::privateView).toList()))
          .put("nextCursor", more ? page.get(page.size() - 1).getString("username") : null);
    });
  }

  private Future<JsonObject> adminVerify(Message<JsonObject> msg) {
    BusService.requireRole(msg, "ADMIN");
    String userId = msg.body().getString("userId");
    JsonObject body = AuthSchemas.VERIFY.check(msg.body().getJsonObject("body"));
    return user(userId).compose(user -> {
      if (!"CREATOR".equals(user.getString("role"))) {
        return Future.failedFuture(new ApiException(409, "Only creators are verified."));
      }
      JsonObject set = new JsonObject().put("profile.isVerified", body.getBoolean("verified"))
          .put("updatedAt", Instant.now().toString());
      JsonObject updated = applySet(user.copy(), set);
      return updateUser(new JsonObject().put("_id", userId), Outbox.push(new JsonObject().put("$set", set),
              Outbox.event(AuthAddresses.TOPIC_UPDATED, userId, UserViews.publicView(updated))))
          .map(r -> {
            Outbox.nudge(vertx, USERS, userId);
            return UserViews.privateView(updated);
          });
    });
  }

  private Future<JsonObject> adminSuspend(Message<JsonObject> msg) {
    String adminId = BusService.requireRole(msg, "ADMIN");
    String userId = msg.body().getString("userId");
    JsonObject body = AuthSchemas.SUSPEND.check(msg.body().getJsonObject("body"));
    if (userId.equals(adminId)) {
      return Future.failedFuture(new ApiException(409, "Admins cannot suspend themselves."));
    }
    boolean suspended = body.getBoolean("suspended");
    return user(userId).compose(user -> {
      JsonObject set = new JsonObject().put("status", suspended ? "SUSPENDED" : "ACTIVE").put("updatedAt", Instant.now().toString());
      JsonObject updated = applySet(user.copy(), set);
      JsonObject event = Outbox.event(AuthAddresses.TOPIC_SUSPENDED, userId, new JsonObject().put("userId", userId)
          .put("suspended", suspended).put("reason", body.getString("reason")).put("by", adminId));
      return updateUser(new JsonObject().put("_id", userId), Outbox.push(new JsonObject().put("$set", set), event))
          .compose(r -> suspended ? sessions.revokeAll(userId) : Future.succeededFuture())
          .map(v -> {
            Outbox.nudge(vertx, USERS, userId);
            return UserViews.privateView(updated);
          });
    });
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Every write to a user goes through here, so cached copies on every node are dropped. */
  private Future<io.vertx.ext.mongo.MongoClientUpdateResult> updateUser(JsonObject query, JsonObject update) {
    String id = query.getString("_id");
    return mongo.updateCollection(USERS, query, update).onSuccess(r -> {
      users.invalidate(id);
      vertx.eventBus().publish(AuthAddresses.CACHE_INVALIDATE, id);
    });
  }

  private Future<JsonObject> user(String userId) {
    return mongo.findOne(USERS, new JsonObject().put("_id", userId), null)
        .compose(user -> user == null ? Future.failedFuture(new ApiException(404, "No such user.")) : Future.succeededFuture(user));
  }



  /**
   * A password check behind a token (changing the password, turning 2FA off) is throttled like a
   * sign-in: a stolen token must not become an unlimited password oracle.
   */
  private Future<Boolean> recheckPassword(JsonObject user, String password, String ip) {
    String account = user.getString("_id");
    return throttle.check(account, ip).compose(v -> verify(password, user.getString("passwordHash")))
        .compose(ok -> ok ? Future.succeededFuture(true) : throttle.failed(account, ip).map(false));
  }

  private static String clientIp(Message<?> msg) {
    return msg.headers().get(BusHeaders.CLIENT_IP) == null ? "unknown" : msg.headers().get(BusHeaders.CLIENT_IP);
  }

  private Future<String> hash(String password) {
    return hashing.executeBlocking(() -> hasher.hash(password), false);
  }

  private Future<Boolean> verify(String password, String hash) {
    return hashing.executeBlocking(() -> hasher.verify(password, hash), false);
  }

  static String normalizeUsername(String username) {
    String normalized = username.trim().toLowerCase(Locale.ROOT);
    if (!USERNAME.matcher(normalized).matches()) {
      throw fieldError("username", "Use 3 to 30 of a-z, 0-9, '_' and '.'.");
    }
    return normalized;
  }

  static String normalizeEmail(String email) {
    String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches() || normalized.contains("..")) {
      throw fieldError("email", "That is not a valid email address.");
    }
    return normalized;
  }

  /** A display name as others see it: normalized and without invisible characters; never empty. */
  private static String displayName(String value) {
    String name = DisplayText.name(value);
    if (name.isEmpty()) {
      throw fieldError("displayName", "A display name needs visible characters.");
    }
    return name;
  }

  private static ApiException fieldError(String field, String message) {
    return new ApiException(400, "Bad Request", message, new JsonObject().put("errors",
        new JsonArray().add(new JsonObject().put("field", field).put("message", message))));
  }

  private static JsonObject money(long amount, String currency) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }

  /** Applies dotted {@code $set} paths to a copy of the document, to describe the result without re-reading it. */
  private static JsonObject applySet(JsonObject doc, JsonObject set) {
    set.forEach(e -> {
      String[] path = e.getKey().split("\\.");
      JsonObject target = doc;
      for (int i = 0; i < path.length - 1; i++) {
        JsonObject next = target.getJsonObject(path[i]);
        if (next == null) {
          next = new JsonObject();
          target.put(path[i], next);
        }
        target = next;
      }
      target.put(path[path.length - 1], e.getValue());
    });
    return doc;
  }

  private static String recoveryCode() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        code.append('-');
      }
      code.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return code.toString();
  }

  private static String normalizeRecoveryCode(String code) {
    return code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
  }
}
