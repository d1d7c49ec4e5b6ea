package dev.creatorhub.shared.money;

import dev.creatorhub.shared.config.Settings;
import io.vertx.core.json.JsonObject;

/**
 * An amount of money: integer minor units and an ISO 4217 code, as every API body and document
 * carries it ({@code {amount, currency}}). Derived prices use {@link Prices}' one rounding rule.
 */
public record Money(long amount, String currency) {

  public Money {
    if (currency == null || !currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("a currency is an ISO 4217 code such as USD, not " + currency);
    }
  }

  public static Money of(long amount, String currency) {
    return new Money(amount, currency);
  }

  /** {@code {amount, currency}}, as a request body's schema has already shaped it. */
  public static Money from(JsonObject json) {
    return new Money(json.getLong("amount"), json.getString("currency"));
  }

  /** The platform's one currency ({@code payments.currency}): every price, charge and payout is in it. */
  public static String platformCurrency(JsonObject config) {
    String currency = Settings.of(config, "payments").requireString("currency");
    if (!currency.matches("[A-Z]{3}")) {
      throw new IllegalStateException("setting 'payments.currency' must be an ISO 4217 code such as USD, not " + currency);
    }
    return currency;
  }

  /** {@code months} of this monthly price with {@code discountPercent} off, rounded by {@link Prices#bundle}. */
  public Money bundle(int months, int discountPercent) {
    return new Money(Prices.bundle(amount, months, discountPercent), currency);
  }

  public boolean within(long min, long max) {
    return amount >= min && amount <= max;
  }

  public JsonObject toJson() {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }
}
