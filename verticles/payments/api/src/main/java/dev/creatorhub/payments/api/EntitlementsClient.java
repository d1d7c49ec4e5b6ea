package dev.creatorhub.payments.api;

import dev.creatorhub.shared.bus.LocalFirst;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How other domains ask what a user has paid for (read only): the addresses, the timeout and the
 * error mapping live here once. Grants are the payments domain's; nobody else writes them.
 */
public final class EntitlementsClient {

  /** What an entitlement opens: a creator's subscription, one pay-per-view post, one stream's ticket. */
  public enum Kind { SUBSCRIPTION, PPV, TICKET }

  /** Whether the user holds it now, and until when (epoch ms; null: without end). */
  public record Entitlement(boolean entitled, Long until) {
  }

  /** Request {@code {userId, kind, target}}; replies {@code {entitled, until?}}. */
  public static final String CHECK = "payments.entitlement.check";
  /** Request {@code {userId, kind, targets}} (at most {@link #MAX_TARGETS}); replies {@code {entitled: [target]}}. */
  public static final String CHECK_MANY = "payments.entitlement.checkMany";
  /** Request {@code {userId, kind}}; replies {@code {targets: [target]}} the user holds now. */
  public static final String TARGETS = "payments.entitlement.targets";
  public static final int MAX_TARGETS = 1000;
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(3000);

  private final Vertx vertx;

  public EntitlementsClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<Entitlement> check(String userId, Kind kind, String target) {
    return LocalFirst.ask(vertx, CHECK, ask(userId, kind).put("target", target), OPTIONS)
        .map(r -> new Entitlement(r.getBoolean("entitled", false), r.getLong("until")));
  }

  /** Those of {@code targets} the user holds now (asked in batches of {@link #MAX_TARGETS}). */
  public Future<Set<String>> heldAmong(String userId, Kind kind, Collection<String> targets) {
    List<String> distinct = targets.stream().distinct().toList();
    List<Future<JsonObject>> batches = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += MAX_TARGETS) {
      JsonArray batch = new JsonArray(distinct.subList(from, Math.min(distinct.size(), from + MAX_TARGETS)));
      batches.add(LocalFirst.ask(vertx, CHECK_MANY, ask(userId, kind).put("targets", batch), OPTIONS));
    }
    return Future.all(batches).map(all -> {
      Set<String> held = new HashSet<>();
      batches.forEach(b -> b.result().getJsonArray("entitled", new JsonArray()).forEach(t -> held.add(String.valueOf(t))));
      return held;
    });
  }

  /** Every target of {@code kind} the user holds now (e.g. the creators a fan subscribes to). */
  public Future<Set<String>> targets(String userId, Kind kind) {
    return LocalFirst.ask(vertx, TARGETS, ask(userId, kind), OPTIONS).map(r -> {
      Set<String> held = new HashSet<>();
      r.getJsonArray("targets", new JsonArray()).forEach(t -> held.add(String.valueOf(t)));
      return held;
    });
  }

  private static JsonObject ask(String userId, Kind kind) {
    return new JsonObject().put("userId", userId).put("kind", kind.name());
  }
}
