package dev.creatorhub.payments.store;

/** The collections the payments domain owns (tests read them to check the books). */
public final class PaymentsCollections {

  public static final String PAYMENTS = "payments";
  public static final String ENTITLEMENTS = "entitlements";
  public static final String WEBHOOK_EVENTS = "webhook_events";
  public static final String PAYOUTS = "payouts";
  public static final String PAYOUT_LOCKS = "payout_locks";
  public static final String PAYOUT_ACCOUNTS = "payout_accounts";

  private PaymentsCollections() {
  }
}
