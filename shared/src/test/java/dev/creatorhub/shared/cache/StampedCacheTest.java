package dev.creatorhub.shared.cache;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StampedCacheTest {

  private final StampedCache<String, String> cache = StampedCache.of(100, Duration.ofMinutes(1));
  private final List<Promise<String>> loads = new ArrayList<>();

  private Future<String> load(String key) {
    Promise<String> load = Promise.promise();
    loads.add(load);
    return load.future();
  }

  @Test
  void concurrentMissesShareOneLoadAndItsValueIsKept() {
    Future<String> first = cache.get("k", this::load);
    Future<String> second = cache.get("k", this::load);
    assertThat(loads).hasSize(1);
    loads.get(0).complete("v1");
    assertThat(first.result()).isEqualTo("v1");
    assertThat(second.result()).isEqualTo("v1");
    assertThat(cache.get("k", this::load).result()).isEqualTo("v1");
    assertThat(loads).hasSize(1);
  }

  @Test
  void aLoadThatOverlappedAnInvalidationIsAnsweredButNotKeptNorJoined() {
    Future<String> before = cache.get("k", this::load);
    cache.invalidate("k"); // a write happened while the store was read
    Future<String> after = cache.get("k", this::load);
    assertThat(loads).hasSize(2); // the caller after the write does not join the stale read
    loads.get(0).complete("stale");
    loads.get(1).complete("fresh");
    assertThat(before.result()).isEqualTo("stale");
    assertThat(after.result()).isEqualTo("fresh");
    assertThat(cache.getIfPresent("k")).isEqualTo("fresh");
  }

  @Test
  void failuresAndNullsAreNotKept() {
    Future<String> failed = cache.get("k", this::load);
    loads.get(0).fail("store away");
    assertThat(failed.failed()).isTrue();
    Future<String> missing = cache.get("k", this::load);
    loads.get(1).complete(null);
    assertThat(missing.result()).isNull();
    cache.get("k", this::load);
    assertThat(loads).hasSize(3);
  }

  @Test
  void aStaleValueIsServedWhileOneReReadRunsAndThenReplaced() {
    cache.get("k", this::load);
    loads.get(0).complete("v1");
    Future<String> stale = cache.getRefreshing("k", this::load, v -> true);
    Future<String> again = cache.getRefreshing("k", this::load, v -> true);
    assertThat(stale.result()).isEqualTo("v1");
    assertThat(again.result()).isEqualTo("v1");
    assertThat(loads).as("one re-read at a time").hasSize(2);
    loads.get(1).complete("v2");
    assertThat(cache.getRefreshing("k", this::load, v -> false).result()).isEqualTo("v2");
  }

  @Test
  void aReReadThatFindsNothingDropsTheStaleValue() {
    cache.get("k", this::load);
    loads.get(0).complete("v1");
    cache.getRefreshing("k", this::load, v -> true);
    loads.get(1).complete(null);
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void aClusterCacheDropsAKeyOnEveryInstanceThatListens() {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      ClusterCache<String> here = ClusterCache.of(vertx, "test.cache.changed", 10, Duration.ofMinutes(1));
      ClusterCache<String> there = ClusterCache.of(vertx, "test.cache.changed", 10, Duration.ofMinutes(1));
      dev.creatorhub.shared.testkit.Await.result(Future.all(here.listen(), there.listen()));
      here.get("k", k -> Future.succeededFuture("a"));
      there.get("k", k -> Future.succeededFuture("a"));
      here.invalidateEverywhere("k");
      dev.creatorhub.shared.testkit.Await.poll(() -> "b".equals(there.get("k", k -> Future.succeededFuture("b")).result()),
          5_000, "the other instance dropped its copy");
      assertThat(here.get("k", k -> Future.succeededFuture("c")).result()).isEqualTo("c");
    } finally {
      vertx.close();
    }
  }
}
