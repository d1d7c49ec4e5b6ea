package dev.creatorhub.live.service;

import dev.creatorhub.live.LiveSettings;
import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.live.store.RoomLog;
import dev.creatorhub.live.store.RoomRecords;
import dev.creatorhub.live.store.RoomState;
import dev.creatorhub.live.store.StreamStore;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.payments.api.PaymentsClient;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;

import java.time.Clock;

/**
 * The live domain's services: stream lifecycle, who may watch, the room's chat, tips and
 * moderation, and presence; over {@code streams}, the room records and the room's Redis state.
 */
public final class LiveService {

  private final MongoClient mongo;
  private final Redis redis;
  private final StreamStore store;
  private final RoomRecords records;
  private final StreamCache cache;
  private final AgoraRest agora;
  private final Clock clock;
  public final long viewersPushMs;
  public final StreamLifecycle streams;
  public final RoomAccess access;
  public final RoomChat chat;
  public final RoomModeration moderation;
  public final Presence presence;

  public LiveService(Vertx vertx, JsonObject config, Clock clock) {
    LiveSettings settings = LiveSettings.from(config);
    this.clock = clock;
    mongo = Mongo.client(vertx, config, "live");
    redis = RedisClients.create(vertx, config);
    store = new StreamStore(vertx, mongo);
    records = new RoomRecords(mongo);
    RoomState state = new RoomState(redis);
    RoomLog log = new RoomLog(vertx, redis, settings.backlogSize(), settings.backlogKeepSeconds());
    agora = new AgoraRest(vertx, settings.agora());
    cache = new StreamCache(vertx, store, new AuthClient(vertx), clock);
    StreamViews views = new StreamViews(settings.currency(), clock);
    viewersPushMs = settings.viewersPushMs();
    streams = new StreamLifecycle(store, records, cache, views, log, agora, settings, clock);
    access = new RoomAccess(cache, views, log, new EntitlementsClient(vertx), settings, clock);
    chat = new RoomChat(store, records, state, log, cache, access, new PaymentsClient(vertx), settings, clock);
    moderation = new RoomModeration(vertx, records, state, log, cache, access, agora,
        settings.agora().banMinutes(), clock);
    presence = new Presence(store, records, state, log, cache, streams, settings, clock);
  }

  public Future<Void> start() {
    return Future.all(store.createIndexes(), records.createIndexes(), cache.listen()).mapEmpty();
  }

  /** Writes the viewers' message counts gathered since the last call. */
  public Future<Void> flushMessageCounts() {
    return records.flushMessageCounts(clock.instant().toString());
  }

  public Future<Void> close() {
    agora.close();
    redis.close();
    return mongo.close();
  }
}
