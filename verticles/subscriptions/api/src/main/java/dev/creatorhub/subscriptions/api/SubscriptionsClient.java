package dev.creatorhub.subscriptions.api;

import dev.creatorhub.shared.bus.LocalFirst;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** How the payments domain's reconciliation asks the subscriptions domain for its part. */
public final class SubscriptionsClient {

  /** Request {@code {}}; replies {@code {incomplete: {count, sample}, stuckKeys}}. */
  public static final String RECONCILE = "subscriptions.reconcile";
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(3000);

  private final Vertx vertx;

  public SubscriptionsClient(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Fails with the event bus's own {@code ReplyException}: {@code NO_HANDLERS} means no node runs the
   * subscriptions domain (nothing of it can be half done), which the reconciliation tells apart from silence.
   */
  public Future<JsonObject> reconcile() {
    return LocalFirst.<JsonObject>request(vertx, RECONCILE, new JsonObject(), OPTIONS).map(Message::body);
  }
}
