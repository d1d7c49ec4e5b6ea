package dev.creatorhub.content.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.store.PostCounters;
import dev.creatorhub.content.store.PostStore;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.redis.RedisClients;
import dev.creatorhub.uploads.api.UploadsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/** The content domain's services over its stores, built from the node's configuration. */
public final class ContentService {

  private final PostStore store;
  private final PostCounters counters;
  private final PostAccess access;
  private final Timelines timelines;
  public final PostWriting writing;
  public final PostReading reading;
  public final Likes likes;

  public ContentService(Vertx vertx, JsonObject config, Clock clock) {
    ContentSettings settings = ContentSettings.from(config);
    store = new PostStore(vertx, Mongo.client(vertx, config, "content"));
    counters = new PostCounters(RedisClients.create(vertx, config));
    AuthClient auth = new AuthClient(vertx);
    UploadsClient uploads = new UploadsClient(vertx);
    access = new PostAccess(vertx, store, counters, new EntitlementsClient(vertx), clock);
    timelines = new Timelines(vertx, store::ofCreator, settings.timelineRefreshMs(), clock);
    likes = new Likes(store, counters, access, settings, clock);
    writing = new PostWriting(store, new PostRules(settings, uploads), access, timelines, auth, clock);
    reading = new PostReading(store, access, likes, timelines, auth, uploads, settings, clock);
  }

  /** Indexes, and the cluster announcements that keep this instance's caches fresh. */
  public Future<Void> start() {
    return Future.all(store.createIndexes(), timelines.listen(), access.listen()).mapEmpty();
  }

  public Future<Void> close() {
    counters.close();
    return store.close();
  }
}
