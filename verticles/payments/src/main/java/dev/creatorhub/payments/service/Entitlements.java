package dev.creatorhub.payments.service;

import dev.creatorhub.payments.store.EntitlementStore;
import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.cache.StampedCache;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who has access to what (a subscription, a PPV post, a stream ticket), answered from caches that
 * every change drops on every payments instance; a read that overlapped a change is not cached.
 * When access ends, every node's bridge asks again about the user's room registrations.
 */
public final class Entitlements {

  /** Published (cluster-wide) with {@code user|kind|target} whenever that access changes. */
  private static final String CHANGED = "payments.entitlement.changed";

  private final Vertx vertx;
  private final EntitlementStore store;
  private final Clock clock;
  /** Answers by {@code user|kind|target}: expiry in epoch ms, 0 for ever, -1 for none. */
  private final StampedCache<String, Long> grants = StampedCache.of(200_000, Duration.ofSeconds(30));
  /** Live grants by {@code user|kind}: target → expiry (0 for ever), for feeds that list them. */
  private final StampedCache<String, Map<String, Long>> lists = StampedCache.of(50_000, Duration.ofSeconds(30));

  Entitlements(Vertx vertx, EntitlementStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  Future<Void> listen() {
    return vertx.eventBus().<String>consumer(CHANGED, msg -> forget(msg.body())).completion();
  }

  /** Grants (or extends) access: {@code until} in epoch ms, null for ever. */
  public Future<Void> grant(String userId, String kind, String target, Long until, String paymentId) {
    return store.grant(userId, kind, target, until, paymentId, clock.instant().toString())
        .onSuccess(v -> changed(EntitlementStore.id(userId, kind, target)));
  }

  public Future<Void> revoke(String userId, String kind, String target) {
    String id = EntitlementStore.id(userId, kind, target);
    return store.remove(id).onSuccess(v -> revoked(id));
  }

  /** Ends what a refunded or reversed payment paid for. */
  Future<Void> revokePaidBy(String paymentId) {
    return store.removePaidBy(paymentId).map(ids -> {
      ids.forEach(this::revoked);
      return null;
    });
  }

  public Future<JsonObject> check(String userId, String kind, String target) {
    return until(userId, kind, target).map(until -> new JsonObject().put("entitled", live(until)).put("until", until > 0 ? until : null));
  }

  public Future<Boolean> entitled(String userId, String kind, String target) {
    return until(userId, kind, target).map(this::live);
  }

  /** Which of {@code targets} the user holds. */
  public Future<JsonObject> heldAmong(String userId, String kind, JsonArray targets) {
    if (targets.size() > 1000) {
      return Future.failedFuture(new ApiException(400, "Ask for at most 1000 targets at a time."));
    }
    List<Future<Boolean>> answers = new ArrayList<>();
    for (Object target : targets) {
      answers.add(entitled(userId, kind, String.valueOf(target)));
    }
    return Future.all(answers).map(all -> {
      JsonArray entitled = new JsonArray();
      for (int i = 0; i < answers.size(); i++) {
        if (answers.get(i).result()) {
          entitled.add(targets.getValue(i));
        }
      }
      return new JsonObject().put("entitled", entitled);
    });
  }

  /** Every target of this kind the user holds now. */
  public Future<JsonObject> targets(String userId, String kind) {
    if (userId == null || kind == null) {
      return Future.failedFuture(new ApiException(400, "Ask with userId and kind."));
    }
    Future<Map<String, Long>> held = lists.get(userId + "|" + kind, key -> store.ofUser(userId, kind).map(found -> {
      Map<String, Long> byTarget = new HashMap<>();
      for (JsonObject grant : found) {
        Long until = grant.getLong("until");
        byTarget.put(grant.getString("target"), until == null ? 0L : until);
      }
      return byTarget;
    }));
    return held.map(byTarget -> {
      JsonArray targets = new JsonArray();
      byTarget.forEach((target, until) -> {
        if (live(until)) {
          targets.add(target);
        }
      });
      return new JsonObject().put("targets", targets);
    });
  }

  private boolean live(long until) {
    return until == 0 || until > clock.millis();
  }

  /** The end of the user's access to the target in epoch ms: 0 for ever, -1 for none. */
  private Future<Long> until(String userId, String kind, String target) {
    if (userId == null || kind == null || target == null) {
      return Future.failedFuture(new ApiException(400, "Ask with userId, kind and target."));
    }
    return grants.get(EntitlementStore.id(userId, kind, target),
        key -> store.byId(key).map(found -> found == null ? -1L : found.getLong("until") == null ? 0L : found.getLong("until")));
  }

  private void changed(String entitlementId) {
    forget(entitlementId);
    vertx.eventBus().publish(CHANGED, entitlementId);
  }

  private void revoked(String entitlementId) {
    changed(entitlementId);
    vertx.eventBus().publish(BridgeRules.ACCESS_CHANGED, new JsonObject().put("userId", entitlementId.substring(0, entitlementId.indexOf('|'))));
  }

  private void forget(String entitlementId) {
    grants.invalidate(entitlementId);
    lists.invalidate(entitlementId.substring(0, entitlementId.lastIndexOf('|')));
  }
}
