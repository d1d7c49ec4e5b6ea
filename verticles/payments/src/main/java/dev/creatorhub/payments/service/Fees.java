package dev.creatorhub.payments.service;

/**
 * The platform fee in integer minor units. Rule: {@code fee = round_half_up(gross × feeBps / 10000)},
 * {@code net = gross − fee}; so fee + net = gross exactly, for every amount.
 */
public record Fees(long gross, long fee, long net) {

  public static Fees split(long gross, int feeBasisPoints) {
    if (gross < 0) {
      throw new IllegalArgumentException("gross must not be negative");
    }
    long fee = Math.floorDiv(Math.multiplyExact(gross, feeBasisPoints) + 5_000, 10_000);
    return new Fees(gross, fee, gross - fee);
  }
}
