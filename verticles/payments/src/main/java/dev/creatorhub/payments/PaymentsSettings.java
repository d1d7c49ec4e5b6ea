package dev.creatorhub.payments;

import dev.creatorhub.shared.config.Settings;
import dev.creatorhub.shared.money.Money;
import io.vertx.core.json.JsonObject;

/** The {@code payments} section, checked at start: a missing or mistyped key stops it, naming the key. */
public record PaymentsSettings(String provider, String currency, int platformFeeBps, long holdingPeriodSeconds, long minPayout,
                               long minTip, long maxTip, long schedulerPeriodMs, long pendingTimeoutSeconds, String webhookSecret,
                               long webhookToleranceSeconds, Sandbox sandbox, Stripe stripe) {

  /** The offline provider: where it sends its webhooks ("" = this node) and how long until a test dispute lands. */
  public record Sandbox(String webhookUrl, long disputeDelayMs) {
  }

  /** Stripe's API: keys, base URL, timeouts and the worker threads its blocking SDK runs on; Connect onboarding URLs. */
  public record Stripe(String secretKey, String publishableKey, String apiBase, int timeoutMs, int workerThreads,
                       String onboardingReturnUrl, String onboardingRefreshUrl) {
  }

  public static PaymentsSettings from(JsonObject config) {
    Settings s = Settings.of(config, "payments");
    String provider = s.requireString("provider");
    if (!provider.equals("sandbox") && !provider.equals("stripe")) {
      throw new IllegalStateException("setting 'payments.provider' must be sandbox or stripe, not " + provider);
    }
    int feeBps = s.requireInt("platformFeeBps");
    if (feeBps < 0 || feeBps > 10_000) {
      throw new IllegalStateException("setting 'payments.platformFeeBps' must be 0 to 10000 (basis points), not " + feeBps);
    }
    Settings tip = s.section("tip");
    Settings sandbox = s.section("sandbox");
    Settings stripe = s.section("stripe");
    return new PaymentsSettings(provider, Money.platformCurrency(config), feeBps, s.requireLong("holdingPeriodSeconds"),
        s.requireLong("minPayout"), tip.requireLong("min"), tip.requireLong("max"), s.requirePositive("schedulerPeriodMs"),
        s.requirePositive("pendingTimeoutSeconds"), s.requireString("webhookSecret"), s.requirePositive("webhookToleranceSeconds"),
        new Sandbox(sandbox.requireString("webhookUrl"), sandbox.requireLong("disputeDelayMs")),
        new Stripe(stripe.requireString("secretKey"), stripe.requireString("publishableKey"), stripe.requireString("apiBase"),
            stripe.requireInt("timeoutMs"), stripe.requireInt("workerThreads"), stripe.requireString("onboardingReturnUrl"),
            stripe.requireString("onboardingRefreshUrl")));
  }
}
