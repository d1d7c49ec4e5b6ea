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

  // What other domains ask lives in payments.api (EntitlementsClient, ChargesClient, PaymentsClient).

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
