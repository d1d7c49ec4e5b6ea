package dev.creatorhub.subscriptions;

/** Event-bus addresses and Kafka topics of the subscriptions domain, and the addresses it calls. */
public final class SubscriptionsAddresses {

  public static final String SERVICE = "subscriptions";

  public static final String SUBSCRIBE = "subscriptions.subscribe";
  public static final String CANCEL = "subscriptions.cancel";
  /** {@code {subscriptionId, body: {cancelAtPeriodEnd?, paymentMethod?}}}: resume renewal, change the card. */
  public static final String UPDATE = "subscriptions.update";
  public static final String MINE = "subscriptions.mine";
  public static final String SUBSCRIBERS = "subscriptions.subscribers";
  /** {@code {}} → {@code {incomplete: {count, sample}, stuckKeys}}: what the ledger reconciliation reports of this domain. */
  public static final String RECONCILE = dev.creatorhub.subscriptions.api.SubscriptionsClient.RECONCILE;

  /** A fan's subscription to a creator became live (new, or again after it had ended). */
  public static final String TOPIC_ACTIVATED = dev.creatorhub.subscriptions.api.SubscriptionTopics.ACTIVATED;
  public static final String TOPIC_RENEWED = dev.creatorhub.subscriptions.api.SubscriptionTopics.RENEWED;
  public static final String TOPIC_CANCELLED = dev.creatorhub.subscriptions.api.SubscriptionTopics.CANCELLED;
  /** Renewal turned back on before a cancelled period ended. */
  public static final String TOPIC_RESUMED = dev.creatorhub.subscriptions.api.SubscriptionTopics.RESUMED;
  public static final String TOPIC_PAST_DUE = dev.creatorhub.subscriptions.api.SubscriptionTopics.PAST_DUE;
  /** It ended (expired after cancellation, failed renewals, or a refund). */
  public static final String TOPIC_EXPIRED = dev.creatorhub.subscriptions.api.SubscriptionTopics.EXPIRED;

  // Other domains' contracts.
  static final String TOPIC_PAYMENT_REFUNDED = dev.creatorhub.payments.api.PaymentTopics.PAYMENT_REFUNDED;

  private SubscriptionsAddresses() {
  }
}
