package dev.creatorhub.payments;

/** Event-bus addresses of the payments domain, and the other domains' addresses it calls. */
public final class PaymentsAddresses {

  public static final String SERVICE = "payments";

  public static final String TIP = "payments.tip";
  public static final String PURCHASE_POST = "payments.purchase.post";
  public static final String PURCHASE_TICKET = "payments.purchase.ticket";
  public static final String HISTORY = "payments.history";
  public static final String EARNINGS = "payments.earnings";
  public static final String PAYOUT = "payments.payout";
  public static final String REFUND = "payments.refund";
  /** {@code {payload, signature}}: a provider webhook as received (raw body and Stripe-Signature header). */
  public static final String WEBHOOK = "payments.webhook";
  /**
   * Admin/operations: {@code {entries, unbalancedEntries, sumOfAllPostings, balanced, duplicatePurchases,
   * payoutsInFlight, paymentsWithoutEntry, clean}}.
   */
  public static final String RECONCILE = "payments.reconcile";

  /**
   * For other domains: {@code {userId, kind: PPV|TICKET|SUBSCRIPTION, target}} → {@code {entitled}}.
   * {@code target} is the post id, stream id or creator id.
   */
  public static final String ENTITLEMENT_CHECK = dev.creatorhub.payments.api.EntitlementsClient.CHECK;
  /** {@code {userId, kind, targets: [...]}} → {@code {entitled: [the targets the user may see]}}. */
  public static final String ENTITLEMENT_CHECK_MANY = dev.creatorhub.payments.api.EntitlementsClient.CHECK_MANY;
  /** {@code {userId, kind}} → {@code {targets: [...]}}: what the user has live access to (e.g. the creators subscribed to). */
  public static final String ENTITLEMENT_TARGETS = dev.creatorhub.payments.api.EntitlementsClient.TARGETS;

  /**
   * For the subscriptions domain: {@code {chargeKey, userId, creatorId, type, amount, paymentMethod, refs,
   * entitlement: {kind, target, until}}} → the receipt, or 402 when declined. Idempotent by {@code chargeKey}.
   */
  public static final String CHARGE = dev.creatorhub.payments.api.ChargesClient.CHARGE;
  /** {@code {userId, kind, target, until}} (epoch ms): access without a payment (a free trial). */
  public static final String ENTITLEMENT_GRANT = dev.creatorhub.payments.api.ChargesClient.GRANT;
  /** {@code {userId, kind, target}}: access ends now (a trial cancelled, a subscription ended early). */
  public static final String ENTITLEMENT_REVOKE = dev.creatorhub.payments.api.ChargesClient.REVOKE;

  /** {@code {userId, paymentMethod, key}} → {@code {saved: true}}, or 402: a card kept for later charges, not charged. */
  public static final String SAVE_CARD = dev.creatorhub.payments.api.ChargesClient.SAVE_CARD;
  /** {@code {userId}} → {@code {paymentMethod}}: the user's default kept card (room tips), 402 when none. */
  public static final String DEFAULT_CARD = dev.creatorhub.payments.api.PaymentsClient.DEFAULT_CARD;
  /** A fan's kept cards: {@code {items: [{id, brand, last4, expMonth, expYear, isDefault}]}}. */
  public static final String CARDS_LIST = "payments.cards.list";
  /** {@code {cardId}}: renewals and room tips use this card from now on. */
  public static final String CARDS_DEFAULT = "payments.cards.default";
  /** {@code {cardId}}: the platform stops keeping the card. */
  public static final String CARDS_REMOVE = "payments.cards.remove";
  /** {@code {}} → what a browser needs to collect cards: {@code {provider, publishableKey | testPaymentMethods}}. */
  public static final String CLIENT_CONFIG = "payments.clientConfig";
  /** Creator: creates (or continues setting up) the account payouts go to → {@code {accountId, payoutsEnabled, onboardingUrl}}. */
  public static final String PAYOUT_ACCOUNT_OPEN = "payments.payoutAccount.open";
  /** Creator: their payout account, 404 when none. */
  public static final String PAYOUT_ACCOUNT_GET = "payments.payoutAccount.get";
  /** Creator: their payouts, newest first → {@code {items: [{id, amount, status, createdAt, settledAt?, failureCode?}]}}. */
  public static final String PAYOUTS_LIST = "payments.payouts.list";

  public static final String TOPIC_PAYMENT_SUCCEEDED = "payment.succeeded";
  public static final String TOPIC_PAYMENT_REFUNDED = dev.creatorhub.payments.api.PaymentTopics.PAYMENT_REFUNDED;
  public static final String TOPIC_TIP_SENT = "tip.sent";
  public static final String TOPIC_PPV_PURCHASED = "ppv.purchased";
  public static final String TOPIC_TICKET_PURCHASED = "ticket.purchased";
  public static final String TOPIC_REFUND_ISSUED = "refund.issued";
  public static final String TOPIC_PAYOUT_PAID = "payout.paid";
  /** A payout the provider refused: its money went back to the creator's available balance. */
  public static final String TOPIC_PAYOUT_FAILED = "payout.failed";

  private PaymentsAddresses() {
  }
}
