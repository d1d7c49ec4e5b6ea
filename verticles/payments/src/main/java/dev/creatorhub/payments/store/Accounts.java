package dev.creatorhub.payments.store;

/**
 * Ledger account names. A fan's funding account goes negative by what the fan paid; a creator's
 * pending balance holds earnings during the holding period, then moves to available; payouts and
 * chargebacks leave the platform through external accounts; a payout the provider has not answered
 * yet is held in the creator's payouts-in-flight account.
 */
public final class Accounts {

  public static final String PLATFORM_REVENUE = "platform:revenue";
  public static final String PAYOUTS = "external:payouts";

  private Accounts() {
  }

  public static String fanFunding(String userId) {
    return "fan:" + userId + ":funding";
  }

  public static String creatorPending(String creatorId) {
    return "creator:" + creatorId + ":pending";
  }

  public static String creatorAvailable(String creatorId) {
    return "creator:" + creatorId + ":available";
  }

  /** Money reserved for a payout the provider has not confirmed or refused yet. */
  public static String creatorPayoutsInFlight(String creatorId) {
    return "creator:" + creatorId + IN_FLIGHT_SUFFIX;
  }

  public static final String IN_FLIGHT_SUFFIX = ":payouts-in-flight";
}
