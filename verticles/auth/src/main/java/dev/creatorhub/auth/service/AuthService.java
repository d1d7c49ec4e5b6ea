package dev.creatorhub.auth.service;

import dev.creatorhub.auth.AuthSettings;
import dev.creatorhub.auth.store.LoginThrottle;
import dev.creatorhub.auth.store.Sessions;
import dev.creatorhub.auth.store.UserStore;
import dev.creatorhub.content.api.ContentTopics;
import dev.creatorhub.shared.kafka.EventConsumer;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.redis.RedisClients;
import dev.creatorhub.shared.security.JwtKeys;
import dev.creatorhub.shared.security.Revocations;
import dev.creatorhub.subscriptions.api.SubscriptionTopics;
import dev.creatorhub.uploads.api.UploadsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;

import java.time.Clock;
import java.util.Set;

/**
 * The accounts domain's services: registration, sign-in and sessions, profiles, two-factor
 * sign-in, lookups and the admin actions, over the {@code users} and {@code sessions} stores and
 * the login throttle's Redis counters.
 */
public final class AuthService {

  private final Vertx vertx;
  private final JsonObject config;
  private final MongoClient mongo;
  private final Redis redis;
  private final Sessions sessions;
  private final Users users;
  private final Passwords passwords;
  public final Registration registration;
  public final SignIn signIn;
  public final Profiles profiles;
  public final TwoFactor twoFactor;
  public final Lookups lookups;
  public final AdminUsers admin;
  private EventConsumer counts;

  public AuthService(Vertx vertx, JsonObject config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    AuthSettings settings = AuthSettings.from(config);
    JsonObject jwt = config.getJsonObject("jwt");
    mongo = Mongo.client(vertx, config, "auth");
    redis = RedisClients.create(vertx, config);
    sessions = new Sessions(vertx, mongo, settings.refreshTokenTtlSeconds(), jwt.getLong("accessTokenTtlSeconds"), clock);
    LoginThrottle throttle = new LoginThrottle(vertx, redis, settings.loginThrottle(), clock);
    users = new Users(vertx, new UserStore(vertx, mongo));
    passwords = new Passwords(vertx, settings.argon2(), settings.hashingThreads());
    Credentials credentials = new Credentials(users, passwords, throttle, clock);
    registration = new Registration(users.store, passwords, settings, clock);
    signIn = new SignIn(users.store, sessions, throttle, passwords, credentials, jwt);
    profiles = new Profiles(users, sessions, passwords, credentials, new UploadsClient(vertx), settings.creatorPrice(), clock);
    twoFactor = new TwoFactor(users, credentials, throttle, settings.totpIssuer(), clock);
    lookups = new Lookups(users);
    admin = new AdminUsers(users, sessions, clock);
  }

  /** The signing key, indexes, the password policy, the first admin; then cache invalidations are heard. */
  public Future<Void> start() {
    return JwtKeys.read(vertx, config)
        .compose(keys -> keys.canSign() ? Future.succeededFuture(keys.auth(vertx, config))
            : Future.failedFuture("the auth verticle signs tokens: set jwt.privateKeyFile (JWT_PRIVATE_KEY_FILE)"))
        .compose(jwt -> {
          signIn.useSigner(jwt);
          return Future.all(users.store.createIndexes(), sessions.createIndexes(), passwords.start());
        })
        .compose(v -> registration.bootstrapAdmin())
        .compose(v -> users.listen());
  }

  /** What is revoked now, for gateways that start later. */
  public Future<JsonObject> revocations() {
    return sessions.snapshot();
  }

  /** Tells gateways that started before this instance what is revoked, then counts subscribers and posts from events. */
  public Future<Void> listen() {
    return sessions.snapshot().onSuccess(s -> vertx.eventBus().publish(Revocations.ADDRESS, s))
        .compose(v -> EventConsumer.start(vertx, config, "auth", "auth-subscriber-counts",
            Set.of(SubscriptionTopics.ACTIVATED, SubscriptionTopics.EXPIRED, ContentTopics.POST_PUBLISHED, ContentTopics.POST_DELETED),
            mongo, lookups::count))
        .map(consumer -> {
          counts = consumer;
          return null;
        });
  }

  public Future<Long> purgeSessions() {
    return sessions.purge();
  }

  public long sessionPurgePeriodMs() {
    return AuthSettings.from(config).sessionPurgeMinutes() * 60_000;
  }

  public Future<Void> close() {
    return (counts == null ? Future.<Void>succeededFuture() : counts.close())
        .eventually(passwords::close).eventually(mongo::close).onComplete(v -> redis.close());
  }
}
