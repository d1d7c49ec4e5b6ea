package dev.creatorhub.payments.api;

import dev.creatorhub.shared.bus.LocalFirst;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Payments other domains make on a user's behalf. The payer is a field of the request, named by the
 * domain that verified who asked (live, for a tip in a room), not an identity header made up for
 * the occasion; these addresses are not reachable from browsers (no route, no bridge rule).
 */
public final class PaymentsClient {

  /**
   * Request {@code {fanId, tip, idempotencyKey}} where {@code tip} is the body of {@code POST /tips}
   * ({@code creator, amount, paymentMethod, streamId?, postId?, message?}); replies the receipt, or
   * fails as that route does (400, 402, 404, 409, 503).
   */
  public static final String TIP_FOR = "payments.tip.for";
  /** Request {@code {userId}}; replies {@code {paymentMethod}}: the user's default saved card, or null. */
  public static final String DEFAULT_CARD = "payments.card.default";
  // Long enough for a card provider's round trips.
  private static final DeliveryOptions CHARGING = new DeliveryOptions().setSendTimeout(20_000);
  private static final DeliveryOptions READING = new DeliveryOptions().setSendTimeout(3000);

  private final Vertx vertx;

  public PaymentsClient(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Tips on behalf of {@code fanId}; the same key always names the same tip (a retry never pays twice). */
  public Future<JsonObject> tip(String fanId, JsonObject tip, String idempotencyKey) {
    return LocalFirst.ask(vertx, TIP_FOR, new JsonObject().put("fanId", fanId).put("tip", tip).put("idempotencyKey", idempotencyKey),
        CHARGING);
  }

  public Future<String> defaultCard(String userId) {
    return LocalFirst.ask(vertx, DEFAULT_CARD, new JsonObject().put("userId", userId), READING).map(r -> r.getString("paymentMethod"));
  }
}
