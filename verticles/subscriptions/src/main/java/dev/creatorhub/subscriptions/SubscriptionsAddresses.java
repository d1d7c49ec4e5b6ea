package dev.creatorhub.subscriptions;

/** Event-bus addresses of the subscriptions domain (its routes). */
public final class SubscriptionsAddresses {

  public static final String SERVICE = "subscriptions";

  public static final String SUBSCRIBE = "subscriptions.subscribe";
  public static final String CANCEL = "subscriptions.cancel";
  /** {@code {subscriptionId, body: {cancelAtPeriodEnd?, paymentMethod?}}}: resume renewal, change the card. */
  public static final String UPDATE = "subscriptions.update";
  public static final String MINE = "subscriptions.mine";
  public static final String SUBSCRIBERS = "subscriptions.subscribers";

  // Its Kafka topics and what other domains ask it are in subscriptions.api.

  private SubscriptionsAddresses() {
  }
}
