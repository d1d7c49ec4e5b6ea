package dev.creatorhub.shared.money;

/**
 * The one rounding rule for prices derived from other prices (integer minor units, half up): what a
 * fan is shown for a bundle is what a subscription charges for it.
 */
public final class Prices {

  private Prices() {
  }

  /** {@code months} of {@code monthly} with {@code discountPercent} off, rounded half up to a minor unit. */
  public static long bundle(long monthly, int months, int discountPercent) {
    return Math.floorDiv(Math.multiplyExact(Math.multiplyExact(monthly, months), 100 - discountPercent) * 2 + 100, 200);
  }
}
