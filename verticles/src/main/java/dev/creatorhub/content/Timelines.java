package dev.creatorhub.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import dev.creatorhub.shared.outbox.Outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each creator's posts, newest first, kept in memory for feeds and profile pages: a feed page is a
 * merge of a few sorted lists instead of a query that sorts all posts of every followed creator.
 * Every write to a creator's posts is announced cluster-wide and drops that creator's list on every
 * instance; a list loaded while such an announcement arrived is not kept, and every
 * {@code content.timelineRefreshMs} (jittered) a list is re-read anyway in case an announcement was
 * missed. Like and view counters are not taken from these lists but from Redis (ContentVerticle).
 *
 * <p>One load per creator at a time: concurrent misses share it, and a list due for its re-read is
 * still served while one reload runs (without this, every request arriving as a popular list
 * expired started its own full read, and the store collapsed under the pile-up).
 * Confined to its verticle's event loop.
 */
final class Timelines {

  static final String CHANGED = "content.timeline.changed";
  static final Comparator<JsonObject> NEWEST_FIRST = Comparator.<JsonObject>comparingLong(p -> p.getLong("publishAtMs"))
      .thenComparing(p -> p.getString("_id")).reversed();

  private final Vertx vertx;
  private final MongoClient mongo;

  /** A creator's list and when to re-read it anyway (jittered, so lists loaded together do not reload together). */
  private record Loaded(List<JsonObject> posts, long refreshAtMs) {
    static Loaded of(List<JsonObject> posts, long loadedAtMs, long refreshMs) {
      return new Loaded(posts, loadedAtMs + refreshMs + java.util.concurrent.ThreadLocalRandom.current().nextLong(refreshMs / 2 + 1));
    }
  }

  private final Cache<String, Loaded> lists = Caffeine.newBuilder()
      .maximumSize(20_000)
      .expireAfterWrite(Duration.ofMinutes(5))
      .build();
  private final Map<String, Future<List<JsonObject>>> loading = new HashMap<>();
  private final AtomicLong changes = new AtomicLong();
  private final long refreshMs;

  Timelines(Vertx vertx, MongoClient mongo, long refreshMs) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.refreshMs = refreshMs;
  }

  Future<Void> listen() {
    return vertx.eventBus().<String>consumer(CHANGED, msg -> forget(msg.body())).completion();
  }

  /** Call after any write to the creator's posts. */
  void changed(String creatorId) {
    forget(creatorId);
    vertx.eventBus().publish(CHANGED, creatorId);
  }

  private void forget(String creatorId) {
    changes.incrementAndGet();
    lists.invalidate(creatorId);
    loading.remove(creatorId); // a load started before the change must not serve requests after it
  }

  /**
   * Up to {@code limit} published posts of these creators older than the cursor position
   * ({@code null}: from the newest), newest first.
   */
  Future<List<JsonObject>> page(List<String> creatorIds, Long cursorMs, String cursorId, int limit) {
    List<Future<List<JsonObject>>> loaded = new ArrayList<>();
    for (String creatorId : creatorIds) {
      loaded.add(list(creatorId));
    }
    long now = System.currentTimeMillis();
    return Future.all(loaded).map(all -> {
      List<JsonObject> candidates = new ArrayList<>();
      for (Future<List<JsonObject>> f : loaded) {
        int taken = 0;
        for (JsonObject post : f.result()) {
          long at = post.getLong("publishAtMs");
          if (at > now || (cursorMs != null && (at > cursorMs || (at == cursorMs && post.getString("_id").compareTo(cursorId) >= 0)))) {
            continue;
          }
          candidates.add(post);
          if (++taken == limit) {
            break;
          }
        }
      }
      candidates.sort(NEWEST_FIRST);
      return candidates.size() > limit ? candidates.subList(0, limit) : candidates;
    });
  }

  private Future<List<JsonObject>> list(String creatorId) {
    Loaded cached = lists.getIfPresent(creatorId);
    if (cached == null) {
      return load(creatorId);
    }
    if (System.currentTimeMillis() > cached.refreshAtMs() && !loading.containsKey(creatorId)) {
      load(creatorId); // the safety net against a missed announcement; this request gets the current list
    }
    return Future.succeededFuture(cached.posts());
  }

  private Future<List<JsonObject>> load(String creatorId) {
    Future<List<JsonObject>> inFlight = loading.get(creatorId);
    if (inFlight != null) {
      return inFlight;
    }
    long stamp = changes.get();
    long startedMs = System.currentTimeMillis();
    FindOptions options = new FindOptions().setSort(new JsonObject().put("publishAtMs", -1).put("_id", -1))
        .setFields(new JsonObject().put(Outbox.FIELD, 0));
    Promise<List<JsonObject>> done = Promise.promise();
    loading.put(creatorId, done.future());
    mongo.findWithOptions(ContentVerticle.POSTS, new JsonObject().put("creatorId", creatorId).put("deleted", false), options)
        .map(found -> {
          List<JsonObject> sorted = new ArrayList<>(found);
          sorted.sort(NEWEST_FIRST); // the same order whatever the server's string collation
          List<JsonObject> list = List.copyOf(sorted);
          if (changes.get() == stamp) {
            lists.put(creatorId, Loaded.of(list, startedMs, refreshMs));
          }
          return list;
        })
        .onComplete(ar -> loading.remove(creatorId, done.future()))
        .onComplete(done);
    return done.future();
  }
}
