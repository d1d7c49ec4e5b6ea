package dev.creatorhub.shared.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link StampedCache} with string keys whose invalidations travel cluster-wide on one named
 * address: a write calls {@link #invalidateEverywhere} before it is answered, every instance that
 * {@link #listen}s drops its copy, and a load that overlapped the drop is not kept. Create one per
 * verticle instance (its event loop).
 */
public final class ClusterCache<V> {

  private final Vertx vertx;
  private final String address;
  private final StampedCache<String, V> cache;

  private ClusterCache(Vertx vertx, String address, StampedCache<String, V> cache) {
    this.vertx = vertx;
    this.address = address;
    this.cache = cache;
  }

  /** {@code address} names the cache on the bus: every instance of it listens there. */
  public static <V> ClusterCache<V> of(Vertx vertx, String address, long maximumSize, Duration ttl) {
    return new ClusterCache<>(vertx, address, StampedCache.of(maximumSize, ttl));
  }

  /** Registers this instance for the invalidations; complete it before serving from the cache. */
  public Future<Void> listen() {
    return vertx.eventBus().<String>consumer(address, msg -> cache.invalidate(msg.body())).completion();
  }

  /** See {@link StampedCache#get}. */
  public Future<V> get(String key, Function<String, Future<V>> loader) {
    return cache.get(key, loader);
  }

  /** See {@link StampedCache#getRefreshing}. */
  public Future<V> getRefreshing(String key, Function<String, Future<V>> loader, Predicate<V> stale) {
    return cache.getRefreshing(key, loader, stale);
  }

  /** Drops {@code key} here at once and on every instance (the announcement reaches this one too). */
  public void invalidateEverywhere(String key) {
    cache.invalidate(key);
    vertx.eventBus().publish(address, key);
  }
}
