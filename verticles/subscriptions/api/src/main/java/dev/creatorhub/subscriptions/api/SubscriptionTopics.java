package dev.creatorhub.subscriptions.api;

/** The Kafka topics the subscriptions domain publishes (each event's payload names {@code subscriptionId, fanId, creatorId}). */
public final class SubscriptionTopics {

  public static final String ACTIVATED = "subscription.activated";
  public static final String RENEWED = "subscription.renewed";
  public static final String CANCELLED = "subscription.cancelled";
  /** Renewal turned back on before a cancelled period ended. */
  public static final String RESUMED = "subscription.resumed";
  public static final String PAST_DUE = "subscription.past_due";
  /** It ended (expired after cancellation, failed renewals, or a refund). */
  public static final String EXPIRED = "subscription.expired";

  private SubscriptionTopics() {
  }
}
