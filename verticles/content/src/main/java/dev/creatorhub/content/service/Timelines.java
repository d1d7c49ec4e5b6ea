package dev.creatorhub.content.service;

import dev.creatorhub.shared.cache.ClusterCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Each creator's posts, newest first, kept in memory for feeds and profile pages: a feed page is a
 * merge of a few sorted lists instead of a query that sorts all posts of every followed creator.
 * Every write to a creator's posts is announced cluster-wide and drops that creator's list on every
 * instance; a list loaded while such an announcement arrived is not kept, and every
 * {@code content.timelineRefreshMs} (jittered) a list is re-read anyway in case an announcement was
 * missed. Like and view counters are not taken from these lists but from Redis (PostCounters).
 *
 * <p>One load per creator at a time: concurrent misses share it, and a list due for its re-read is
 * still served while one reload runs (without this, every request arriving as a popular list
 * expired started its own full read, and the store collapsed under the pile-up).
 * Confined to its verticle's event loop.
 */
final class Timelines {

  static final String CHANGED = "content.timeline.changed";

  /** A post with its sort key read once (comparing JsonObjects field by field dominated a feed page's CPU). */
  private record Entry(long atMs, String id, JsonObject post) {
    static Entry of(JsonObject post) {
      return new Entry(post.getLong("publishAtMs"), post.getString("_id"), post);
    }

    boolean newerThan(Entry other) {
      return atMs != other.atMs ? atMs > other.atMs : id.compareTo(other.id) > 0;
    }

    /** Strictly after the cursor position in newest-first order. */
    boolean olderThan(long cursorMs, String cursorId) {
      return atMs != cursorMs ? atMs < cursorMs : id.compareTo(cursorId) < 0;
    }
  }

  private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::atMs).thenComparing(Entry::id).reversed();

  /** A creator's live posts, newest first. */
  private final Function<String, Future<List<JsonObject>>> loader;

  /** A creator's list and when to re-read it anyway (jittered, so lists loaded together do not reload together). */
  private record Loaded(List<Entry> posts, long refreshAtMs) {
    static Loaded of(List<Entry> posts, long loadedAtMs, long refreshMs) {
      return new Loaded(posts, loadedAtMs + refreshMs + java.util.concurrent.ThreadLocalRandom.current().nextLong(refreshMs / 2 + 1));
    }
  }

  private final ClusterCache<Loaded> lists;
  private final long refreshMs;
  private final Clock clock;

  Timelines(Vertx vertx, Function<String, Future<List<JsonObject>>> loader, long refreshMs, Clock clock) {
    this.clock = clock;
    this.lists = ClusterCache.of(vertx, CHANGED, 20_000, Duration.ofMinutes(5));
    this.loader = loader;
    this.refreshMs = refreshMs;
  }

  Future<Void> listen() {
    return lists.listen();
  }

  /** Call after any write to the creator's posts. */
  void changed(String creatorId) {
    lists.invalidateEverywhere(creatorId);
  }

  /**
   * Up to {@code limit} published posts of these creators older than the cursor position
   * ({@code null}: from the newest), newest first.
   */
  Future<List<JsonObject>> page(List<String> creatorIds, Long cursorMs, String cursorId, int limit) {
    List<Future<List<Entry>>> loaded = new ArrayList<>();
    for (String creatorId : creatorIds) {
      loaded.add(list(creatorId));
    }
    long now = clock.millis();
    return Future.all(loaded).map(all -> {
      // A k-way merge of newest-first lists, each entered at the cursor position.
      int n = loaded.size();
      List<List<Entry>> lists = new ArrayList<>(n);
      int[] next = new int[n];
      for (int i = 0; i < n; i++) {
        List<Entry> list = loaded.get(i).result();
        lists.add(list);
        next[i] = cursorMs == null ? 0 : firstOlder(list, cursorMs, cursorId);
      }
      List<JsonObject> page = new ArrayList<>(limit);
      while (page.size() < limit) {
        int best = -1;
        for (int i = 0; i < n; i++) {
          List<Entry> list = lists.get(i);
          while (next[i] < list.size() && list.get(next[i]).atMs() > now) {
            next[i]++; // scheduled, not published yet
          }
          if (next[i] < list.size() && (best < 0 || list.get(next[i]).newerThan(lists.get(best).get(next[best])))) {
            best = i;
          }
        }
        if (best < 0) {
          break;
        }
        page.add(lists.get(best).get(next[best]++).post());
      }
      return page;
    });
  }

  /** The index of the first entry after the cursor (the list is newest first, so a binary search). */
  private static int firstOlder(List<Entry> list, long cursorMs, String cursorId) {
    int low = 0;
    int high = list.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (list.get(mid).olderThan(cursorMs, cursorId)) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /** The safety net against a missed announcement: a list due for its re-read is served while one re-read runs. */
  private Future<List<Entry>> list(String creatorId) {
    return lists.getRefreshing(creatorId, this::load, loaded -> clock.millis() > loaded.refreshAtMs())
        .map(Loaded::posts);
  }

  private Future<Loaded> load(String creatorId) {
    long startedMs = clock.millis();
    return loader.apply(creatorId).map(found -> {
      List<Entry> sorted = new ArrayList<>(found.size());
      for (JsonObject post : found) {
        sorted.add(Entry.of(post));
      }
      sorted.sort(NEWEST_FIRST); // the same order whatever the server's string collation
      return Loaded.of(List.copyOf(sorted), startedMs, refreshMs);
    });
  }
}
