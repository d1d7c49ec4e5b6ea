package dev.creatorhub.payments;

/**
 * Ledger account names. A fan's funding account goes negative by what the fan paid; a creator's
 * pending balance holds earnings during the holding period, then moves to available; payouts and
 * chargebacks leave the platform through external accounts; a payout the provider has not answered
 * yet is held in the creator's payouts-in-flight account.
 */
final class Accounts {

  static final String PLATFORM_REVENUE = "platform:revenue";
  static final String PAYOUTS = "external:payouts";

  private Accounts() {
  }

  static String fanFunding(String userId) {
    return "fan:" + userId + ":funding";
  }

  static String creatorPending(String creatorId) {
    return "creator:" + creatorId + ":pending";
  }

  static String creatorAvailable(String creatorId) {
    return "creator:" + creatorId + ":available";
  }

  /** Money reserved for a payout the provider has not confirmed or refused yet. */
  static String creatorPayoutsInFlight(String creatorId) {
    return "creator:" + creatorId + IN_FLIGHT_SUFFIX;
  }

  static final String IN_FLIGHT_SUFFIX = ":payouts-in-flight";
}
