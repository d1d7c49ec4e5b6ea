package dev.creatorhub.shared.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one read-through cache of the domains: Caffeine with a size bound and a time to live,
 * single-flight loads (concurrent misses of a key share one load: when a popular entry expires the
 * store sees one read, not one per waiting request), and the race stamp (a load that overlapped an
 * invalidation is answered but not kept, so a stale copy cannot be put back after a write).
 * Invalidations usually arrive from every instance over a cluster-wide address; the caller
 * listens and calls {@link #invalidate}. Use it from one context (a verticle's event loop): the
 * in-flight loads are not shared across threads.
 */
public final class StampedCache<K, V> {

  private final Cache<K, V> values;
  private final Map<K, Future<V>> loading = new HashMap<>();
  private final AtomicLong changes = new AtomicLong();

  private StampedCache(long maximumSize, Duration ttl) {
    this.values = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
  }

  public static <K, V> StampedCache<K, V> of(long maximumSize, Duration ttl) {
    return new StampedCache<>(maximumSize, ttl);
  }

  /** The cached value, or one {@code loader} run shared by every caller that misses meanwhile. A null value is not kept. */
  public Future<V> get(K key, Function<K, Future<V>> loader) {
    V cached = values.getIfPresent(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    Future<V> inFlight = loading.get(key);
    return inFlight != null ? inFlight : load(key, loader);
  }

  /** One run of {@code loader}, shared until done; kept unless an invalidation overlapped it. */
  private Future<V> load(K key, Function<K, Future<V>> loader) {
    long stamp = changes.get();
    Future<V> load;
    try {
      load = loader.apply(key);
    } catch (RuntimeException e) {
      load = Future.failedFuture(e);
    }
    Future<V> shared = load.map(value -> {
      if (value != null && changes.get() == stamp) {
        values.put(key, value);
      }
      return value;
    });
    loading.put(key, shared);
    shared.onComplete(ar -> loading.remove(key, shared));
    return shared;
  }

  /**
   * The cached value even when {@code stale} says it is due for a re-read, which then starts in the
   * background (one at a time per key) and replaces it when done; a miss loads as {@link #get} does.
   * For values a missed invalidation must not keep for long, without making readers wait.
   */
  public Future<V> getRefreshing(K key, Function<K, Future<V>> loader, Predicate<V> stale) {
    V cached = values.getIfPresent(key);
    if (cached != null && stale.test(cached) && !loading.containsKey(key)) {
      // The stale value is served until the re-read lands (or an invalidation drops it); gone is gone.
      load(key, loader).onSuccess(fresh -> {
        if (fresh == null) {
          values.invalidate(key);
        }
      });
      return Future.succeededFuture(cached);
    }
    return cached != null ? Future.succeededFuture(cached) : get(key, loader);
  }

  public V getIfPresent(K key) {
    return values.getIfPresent(key);
  }

  /** Drops the key; a load already running for it is neither kept nor joined by later callers. */
  public void invalidate(K key) {
    changes.incrementAndGet();
    values.invalidate(key);
    loading.remove(key);
  }
}
