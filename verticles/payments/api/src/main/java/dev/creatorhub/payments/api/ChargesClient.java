package dev.creatorhub.payments.api;

import dev.creatorhub.payments.api.EntitlementsClient.Kind;
import dev.creatorhub.shared.bus.LocalFirst;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Charges and grants that other domains drive (subscriptions: first charges, renewals, trials,
 * refunds). A failure is an {@code ApiException}: a 4xx (e.g. 402 declined) means nothing was
 * charged; a 5xx or timeout means the outcome is unknown (the charge may have happened), so the
 * caller must not undo on it: repeating the same {@code chargeKey} later gives the real outcome.
 */
public final class ChargesClient {

  /** Request {@link Charge}; replies the receipt. The same {@code chargeKey} charges once, however often asked. */
  public static final String CHARGE = "payments.charge";
  /** Request {@code {userId, kind, target, until?}}; grants (or extends) an entitlement without a charge (a trial). */
  public static final String GRANT = "payments.entitlement.grant";
  /** Request {@code {userId, kind, target}}; ends an entitlement (e.g. its payment was refunded). */
  public static final String REVOKE = "payments.entitlement.revoke";
  /** Request {@code {userId, paymentMethod, key}}; checks and keeps a card for later charges (once per key). */
  public static final String SAVE_CARD = "payments.card.save";
  /** How a charged card may be used later: once, or kept for renewals while the fan is away. */
  public enum Usage { ONE_OFF, SAVE_FOR_RENEWALS, RENEWAL }

  /**
   * One charge of {@code amount} (minor units of the platform's currency) from {@code userId} to
   * {@code creatorId}; {@code entitlement} is what it opens until {@code until} (epoch ms).
   */
  public record Charge(String chargeKey, String userId, String creatorId, String type, long amount, String paymentMethod,
                       Usage usage, JsonObject refs, Kind kind, String target, long until) {

    JsonObject toJson() {
      return new JsonObject().put("chargeKey", chargeKey).put("userId", userId).put("creatorId", creatorId).put("type", type)
          .put("amount", amount).put("paymentMethod", paymentMethod).put("usage", usage.name()).put("refs", refs)
          .put("entitlement", new JsonObject().put("kind", kind.name()).put("target", target).put("until", until));
    }
  }

  // Long enough for a card provider's round trips.
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(20_000);

  private final Vertx vertx;

  public ChargesClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<JsonObject> charge(Charge charge) {
    return LocalFirst.ask(vertx, CHARGE, charge.toJson(), OPTIONS);
  }

  public Future<Void> grant(String userId, Kind kind, String target, long until) {
    return LocalFirst.ask(vertx, GRANT, new JsonObject().put("userId", userId).put("kind", kind.name()).put("target", target).put("until", until),
        OPTIONS).mapEmpty();
  }

  public Future<Void> revoke(String userId, Kind kind, String target) {
    return LocalFirst.ask(vertx, REVOKE, new JsonObject().put("userId", userId).put("kind", kind.name()).put("target", target), OPTIONS)
        .mapEmpty();
  }

  public Future<Void> saveCard(String userId, String paymentMethod, String key) {
    return LocalFirst.ask(vertx, SAVE_CARD, new JsonObject().put("userId", userId).put("paymentMethod", paymentMethod).put("key", key),
        OPTIONS).mapEmpty();
  }
}
