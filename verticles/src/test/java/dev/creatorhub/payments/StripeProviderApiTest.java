package dev.creatorhub.payments;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.FakeStripe;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code stripe} provider through the gateway, with stripe-java talking to a local server that
 * answers like Stripe's API (no network): PaymentIntents for charges, SetupIntents for trials,
 * off-session renewals, refunds, Connect accounts and transfers for payouts, settlement of a charge
 * whose answer was lost, and webhooks.
 */
@Timeout(240)
class StripeProviderApiTest {

  static FakeStripe stripe;
  static Node node;
  static Http http;
  static String admin;

  @BeforeAll
  static void start() {
    stripe = new FakeStripe();
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1)
        .put("subscriptions", 1).put("outbox-relay", 1));
    config.getJsonObject("payments").put("provider", "stripe").put("holdingPeriodSeconds", 1).put("schedulerPeriodMs", 200)
        .put("pendingTimeoutSeconds", 1)
        .put("stripe", new JsonObject().put("secretKey", FakeStripe.SECRET_KEY).put("publishableKey", "pk_test_fake")
            .put("apiBase", stripe.apiBase()).put("timeoutMs", 3000).put("workerThreads", 4)
            .put("onboardingReturnUrl", "http://localhost/earnings?payouts=done")
            .put("onboardingRefreshUrl", "http://localhost/earnings?payouts=retry"));
    config.getJsonObject("subscriptions").put("monthSeconds", 30).put("daySeconds", 1).put("schedulerPeriodMs", 300)
        .put("retrySeconds", new JsonArray().add(60));
    node = TestNodes.start(config, false);
    http = new Http(config.getJsonObject("http").getInteger("port"));
    admin = TestAccounts.login(http, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
    stripe.close();
  }

  static Http.Response tip(JsonObject fan, JsonObject creator, long amount, String paymentMethod, String key) {
    JsonObject body = new JsonObject().put("creator", creator.getString("username"))
        .put("amount", new JsonObject().put("amount", amount).put("currency", "USD")).put("paymentMethod", paymentMethod);
    return key == null
        ? http.post("/api/v1/tips", "application/json", body.encode(), "Authorization", "Bearer " + fan.getString("token"))
        : http.post("/api/v1/tips", "application/json", body.encode(), "Authorization", "Bearer " + fan.getString("token"),
            "Idempotency-Key", key);
  }

  /** The Stripe customer created for one of our users. */
  static String customerOf(JsonObject user) {
    List<JsonObject> customers = stripe.objects("customer").stream()
        .filter(c -> user.getString("id").equals(c.getJsonObject("metadata").getString("userId"))).toList();
    assertThat(customers).hasSize(1);
    return customers.get(0).getString("id");
  }

  static List<JsonObject> intentsOf(JsonObject user) {
    String customer = customerOf(user);
    return stripe.objects("payment_intent").stream().filter(i -> customer.equals(i.getString("customer"))).toList();
  }

  static JsonObject payments(JsonObject user) {
    return http.get("/api/v1/payments", "Authorization", "Bearer " + user.getString("token")).json();
  }

  static JsonObject earnings(JsonObject creator) {
    Http.Response r = http.get("/api/v1/earnings", "Authorization", "Bearer " + creator.getString("token"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static void assertBalanced() {
    Http.Response r = http.get("/api/v1/admin/ledger/reconciliation", "Authorization", "Bearer " + admin);
    assertThat(r.json().getBoolean("balanced")).as(r.body()).isTrue();
  }

  static Http.Response deliver(String type, JsonObject object, long created) {
    String payload = new JsonObject().put("id", "evt_" + UUID.randomUUID().toString().replace("-", "")).put("object", "event")
        .put("type", type).put("created", created).put("livemode", false)
        .put("data", new JsonObject().put("object", object)).encode();
    try {
      String signature = com.stripe.net.Webhook.Signature.generateSignatureHeader(payload, TestNodes.WEBHOOK_SECRET);
      return http.post("/api/v1/webhooks/stripe", "application/json", payload, "Stripe-Signature", signature);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aTipIsOneConfirmedPaymentIntentAndADeclineBooksNothing() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String key = UUID.randomUUID().toString();
    Http.Response paid = tip(fan, creator, 1000, "pm_card_visa", key);
    assertThat(paid.status()).as(paid.body()).isEqualTo(201);
    Http.Response again = tip(fan, creator, 1000, "pm_card_visa", key);
    assertThat(again.json().getString("id")).isEqualTo(paid.json().getString("id"));

    List<JsonObject> intents = intentsOf(fan);
    assertThat(intents).hasSize(1);
    JsonObject intent = intents.get(0);
    assertThat(intent.getString("status")).isEqualTo("succeeded");
    assertThat(intent.getLong("amount")).isEqualTo(1000);
    assertThat(intent.getString("currency")).isEqualTo("usd");
    assertThat(intent.getString("payment_method")).isEqualTo("pm_card_visa");
    assertThat(intent.getJsonObject("metadata").getString("paymentId")).isEqualTo(paid.json().getString("id"));
    assertThat(paid.json().getJsonObject("receipt").getString("charge")).isEqualTo(intent.getString("id"));
    // Every call to Stripe carries an idempotency key derived from the payment.
    assertThat(stripe.calls("POST", "/v1/")).allMatch(c -> c.idempotencyKey() != null);
    assertThat(stripe.calls("POST", "/v1/payment_intents/" + intent.getString("id") + "/confirm")).hasSize(1)
        .allMatch(c -> c.idempotencyKey().equals("pay_" + paid.json().getString("id") + ":confirm"));

    Http.Response declined = tip(fan, creator, 500, "pm_card_insufficientFunds", null);
    assertThat(declined.status()).as(declined.body()).isEqualTo(402);
    assertThat(declined.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(declined.json().getString("declineCode")).isEqualTo("insufficient_funds");
    Http.Response needs3ds = tip(fan, creator, 700, "pm_card_authenticationRequired", null);
    assertThat(needs3ds.status()).as(needs3ds.body()).isEqualTo(402);
    assertThat(needs3ds.json().getString("declineCode")).isEqualTo("authentication_required");
    // An intent that needs the fan's action cannot take money later: it was cancelled.
    assertThat(intentsOf(fan)).filteredOn(i -> i.getLong("amount") == 700).singleElement()
        .satisfies(i -> assertThat(i.getString("status")).isEqualTo("canceled"));

    JsonArray items = payments(fan).getJsonArray("items");
    assertThat(items.stream().map(i -> ((JsonObject) i).getString("status")).toList())
        .containsExactlyInAnyOrder("SUCCEEDED", "FAILED", "FAILED");
    assertThat(earnings(creator).getJsonObject("gross").getLong("amount")).isEqualTo(1000);
    assertThat(earnings(creator).getJsonObject("net").getLong("amount")).isEqualTo(800);
    assertBalanced();
  }

  @Test
  void aChargeWhoseAnswerWasLostIsSettledFromStripeOnce() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    tip(fan, creator, 300, "pm_card_visa", null); // creates the customer first
    stripe.lostConfirmAnswers.set(1_000);
    Http.Response lost;
    try {
      lost = tip(fan, creator, 1200, "pm_card_visa", null);
    } finally {
      stripe.lostConfirmAnswers.set(0);
    }
    assertThat(lost.status()).as(lost.body()).isEqualTo(503);
    // Stripe took the money; the sweep finds the intent under the payment's key and books it.
    Await.poll(() -> payments(fan).getJsonArray("items").stream().map(i -> (JsonObject) i)
        .anyMatch(i -> i.getJsonObject("amount").getLong("amount") == 1200 && "SUCCEEDED".equals(i.getString("status"))), 20_000, "settled");
    assertThat(intentsOf(fan)).filteredOn(i -> i.getLong("amount") == 1200).hasSize(1);
    assertThat(earnings(creator).getJsonObject("gross").getLong("amount")).isEqualTo(1500);
    assertBalanced();
  }

  static JsonObject creator(int price, int trialDays) {
    return TestAccounts.creator(http, price, new JsonArray(), trialDays);
  }


  static Http.Response subscribe(JsonObject fan, JsonObject creator, String paymentMethod) {
    return http.post("/api/v1/creators/" + creator.getString("username") + "/subscriptions", "application/json",
        new JsonObject().put("paymentMethod", paymentMethod).encode(), "Authorization", "Bearer " + fan.getString("token"));
  }

  @Test
  void subscriptionsKeepTheCardAndRenewOffSession() {
    JsonObject monthly = creator(999, 0);
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    Http.Response active = subscribe(fan, monthly, "pm_card_visa");
    assertThat(active.status()).as(active.body()).isEqualTo(201);
    assertThat(active.json().getString("status")).isEqualTo("ACTIVE");
    // The first charge keeps the card for renewals.
    assertThat(intentsOf(fan)).singleElement().satisfies(i -> {
      assertThat(i.getString("setup_future_usage")).isEqualTo("off_session");
      assertThat(i.getLong("amount")).isEqualTo(999);
    });

    JsonObject trial = creator(1500, 1);
    JsonObject trialFan = TestAccounts.create(http, "SUBSCRIBER");
    Http.Response trialing = subscribe(trialFan, trial, "pm_card_visa");
    assertThat(trialing.status()).as(trialing.body()).isEqualTo(201);
    assertThat(trialing.json().getString("status")).isEqualTo("TRIALING");
    String customer = customerOf(trialFan);
    assertThat(stripe.objects("setup_intent")).filteredOn(s -> customer.equals(s.getString("customer"))).singleElement()
        .satisfies(s -> {
          assertThat(s.getString("usage")).isEqualTo("off_session");
          assertThat(s.getString("payment_method")).isEqualTo("pm_card_visa");
        });
    assertThat(intentsOf(trialFan)).isEmpty();

    // A card that cannot be saved starts no trial.
    JsonObject declinedFan = TestAccounts.create(http, "SUBSCRIBER");
    Http.Response declined = subscribe(declinedFan, trial, "pm_card_chargeDeclined");
    assertThat(declined.status()).as(declined.body()).isEqualTo(402);
    assertThat(http.get("/api/v1/subscriptions", "Authorization", "Bearer " + declinedFan.getString("token")).json()
        .getJsonArray("items")).isEmpty();

    // The trial (one "day" here) ends: the saved card is charged while the fan is away.
    Await.poll(() -> intentsOf(trialFan).stream().anyMatch(i -> "succeeded".equals(i.getString("status"))), 20_000, "renewal");
    JsonObject renewal = intentsOf(trialFan).get(0);
    assertThat(renewal.getBoolean("off_session")).isTrue();
    assertThat(renewal.getLong("amount")).isEqualTo(1500);
    Await.poll(() -> "ACTIVE".equals(http.get("/api/v1/subscriptions", "Authorization", "Bearer " + trialFan.getString("token")).json()
        .getJsonArray("items").getJsonObject(0).getString("status")), 10_000, "active after the trial");
    assertBalanced();
  }

  @Test
  void refundsAndDisputesReverseThroughStripeOnce() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    JsonObject refunded = tip(fan, creator, 2000, "pm_card_visa", null).json();
    Http.Response refund = http.post("/api/v1/admin/payments/" + refunded.getString("id") + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + admin);
    assertThat(refund.status()).as(refund.body()).isEqualTo(200);
    assertThat(refund.json().getString("status")).isEqualTo("REFUNDED");
    String intent = refunded.getJsonObject("receipt").getString("charge");
    assertThat(stripe.objects("refund")).filteredOn(r -> intent.equals(r.getString("payment_intent"))).singleElement()
        .satisfies(r -> assertThat(r.getLong("amount")).isEqualTo(2000));
    // Asking again, or Stripe telling us about it, refunds nothing more.
    assertThat(http.post("/api/v1/admin/payments/" + refunded.getString("id") + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + admin).status()).isEqualTo(200);
    assertThat(deliver("charge.refunded", new JsonObject().put("id", "ch_x").put("object", "charge").put("payment_intent", intent)
        .put("amount_refunded", 2000).put("refunded", true), System.currentTimeMillis() / 1000).status()).isEqualTo(200);
    assertThat(stripe.objects("refund")).filteredOn(r -> intent.equals(r.getString("payment_intent"))).hasSize(1);

    JsonObject disputed = tip(fan, creator, 3000, "pm_card_chargeDisputed", null).json();
    String disputedIntent = disputed.getJsonObject("receipt").getString("charge");
    // Signed, but Stripe knows no such dispute or refund: nothing moves.
    JsonObject forged = new JsonObject().put("id", "dp_forged").put("object", "dispute").put("charge", "ch_y")
        .put("payment_intent", disputedIntent).put("amount", 3000).put("status", "needs_response");
    assertThat(deliver("charge.dispute.created", forged, System.currentTimeMillis() / 1000).status()).isEqualTo(200);
    assertThat(deliver("charge.refunded", new JsonObject().put("id", "ch_z").put("object", "charge").put("payment_intent", disputedIntent)
        .put("amount_refunded", 3000).put("refunded", true), System.currentTimeMillis() / 1000).status()).isEqualTo(200);
    assertThat(payments(fan).getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("SUCCEEDED");
    assertThat(earnings(creator).getJsonObject("gross").getLong("amount")).isEqualTo(3000);

    JsonObject dispute = stripe.dispute(disputedIntent, 3000);
    assertThat(deliver("charge.dispute.created", dispute, System.currentTimeMillis() / 1000).status()).isEqualTo(200);
    assertThat(deliver("charge.dispute.created", dispute, System.currentTimeMillis() / 1000).status()).isEqualTo(200);

    JsonObject earned = earnings(creator);
    assertThat(earned.getJsonObject("refunded").getLong("amount")).isEqualTo(2000);
    assertThat(earned.getJsonObject("chargedBack").getLong("amount")).isEqualTo(3000);
    assertThat(earned.getJsonObject("gross").getLong("amount")).isZero();
    assertThat(earned.getJsonObject("pending").getLong("amount") + earned.getJsonObject("available").getLong("amount")).isZero();
    assertBalanced();
  }

  @Test
  void payoutsAreConnectTransfersOnceTheCreatorsAccountIsSetUp() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String bearer = "Bearer " + creator.getString("token");
    assertThat(tip(fan, creator, 5000, "pm_card_visa", null).status()).isEqualTo(201);
    Await.poll(() -> earnings(creator).getJsonObject("available").getLong("amount") == 4000, 20_000, "released");

    Http.Response noAccount = http.post("/api/v1/payouts", null, "", "Authorization", bearer);
    assertThat(noAccount.status()).as(noAccount.body()).isEqualTo(409);
    assertThat(noAccount.json().getString("payoutAccount")).isEqualTo("missing");
    assertThat(http.get("/api/v1/creators/me/payout-account", "Authorization", bearer).status()).isEqualTo(404);

    Http.Response opened = http.post("/api/v1/creators/me/payout-account", null, "", "Authorization", bearer);
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    String account = opened.json().getString("accountId");
    assertThat(account).startsWith("acct_");
    assertThat(opened.json().getBoolean("payoutsEnabled")).isFalse();
    assertThat(opened.json().getString("onboardingUrl")).startsWith("https://connect.stripe.com/");
    assertThat(stripe.objects.get(account).getString("type")).isEqualTo("express");
    assertThat(stripe.objects.get(account).getJsonObject("metadata").getString("creatorId")).isEqualTo(creator.getString("id"));
    // Asking again continues the same account with a fresh link.
    assertThat(http.post("/api/v1/creators/me/payout-account", null, "", "Authorization", bearer).json().getString("accountId"))
        .isEqualTo(account);
    assertThat(stripe.objects("account")).filteredOn(a -> creator.getString("id").equals(a.getJsonObject("metadata").getString("creatorId")))
        .hasSize(1);

    Http.Response incomplete = http.post("/api/v1/payouts", null, "", "Authorization", bearer);
    assertThat(incomplete.status()).isEqualTo(409);
    assertThat(incomplete.json().getString("payoutAccount")).isEqualTo("incomplete");

    // Stripe says onboarding is done; an older event arriving late changes nothing.
    long now = System.currentTimeMillis() / 1000;
    stripe.objects.get(account).put("payouts_enabled", true);
    assertThat(deliver("account.updated", new JsonObject().put("id", account).put("object", "account").put("payouts_enabled", true), now)
        .status()).isEqualTo(200);
    assertThat(deliver("account.updated", new JsonObject().put("id", account).put("object", "account").put("payouts_enabled", false), now - 60)
        .status()).isEqualTo(200);
    assertThat(http.get("/api/v1/creators/me/payout-account", "Authorization", bearer).json().getBoolean("payoutsEnabled")).isTrue();

    Http.Response paid = http.post("/api/v1/payouts", null, "", "Authorization", bearer);
    assertThat(paid.status()).as(paid.body()).isEqualTo(201);
    assertThat(paid.json().getString("status")).isEqualTo("PAID");
    assertThat(paid.json().getJsonObject("amount").getLong("amount")).isEqualTo(4000);
    assertThat(stripe.objects("transfer")).filteredOn(t -> account.equals(t.getString("destination"))).singleElement()
        .satisfies(t -> {
          assertThat(t.getLong("amount")).isEqualTo(4000);
          assertThat(t.getString("currency")).isEqualTo("usd");
        });
    JsonObject earned = earnings(creator);
    assertThat(earned.getJsonObject("available").getLong("amount")).isZero();
    assertThat(earned.getJsonObject("paidOut").getLong("amount")).isEqualTo(4000);
    assertBalanced();

    // Only creators have payout accounts.
    assertThat(http.post("/api/v1/creators/me/payout-account", null, "", "Authorization", "Bearer " + fan.getString("token")).status())
        .isEqualTo(403);
  }

  /** A creator whose Connect account Stripe has enabled, with {@code amount} available to pay out. */
  static String payableCreator(JsonObject creator, long tipped) {
    String bearer = "Bearer " + creator.getString("token");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String account = http.post("/api/v1/creators/me/payout-account", null, "", "Authorization", bearer).json().getString("accountId");
    stripe.objects.get(account).put("payouts_enabled", true);
    assertThat(http.post("/api/v1/creators/me/payout-account", null, "", "Authorization", bearer).json().getBoolean("payoutsEnabled")).isTrue();
    long net = tipped * 8 / 10;
    long before = earnings(creator).getJsonObject("available").getLong("amount");
    assertThat(tip(fan, creator, tipped, "pm_card_visa", null).status()).isEqualTo(201);
    Await.poll(() -> earnings(creator).getJsonObject("available").getLong("amount") == before + net, 20_000, "released");
    return account;
  }

  static List<JsonObject> transfersTo(String account) {
    return stripe.objects("transfer").stream().filter(t -> account.equals(t.getString("destination"))).toList();
  }

  static JsonObject reconciliation() {
    Http.Response r = http.get("/api/v1/admin/ledger/reconciliation", "Authorization", "Bearer " + admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void aPayoutStripeRefusesGoesBackToTheBalanceAndOneItDoesNotAnswerIsHeldUntilItDoes() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    String bearer = "Bearer " + creator.getString("token");
    String account = payableCreator(creator, 5000);

    // Refused for good: nothing paid, the money is available again at once, the creator hears why.
    stripe.refusedTransfers.set(1);
    Http.Response refused = http.post("/api/v1/payouts", null, "", "Authorization", bearer, "Idempotency-Key", UUID.randomUUID().toString());
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().getString("failureCode")).isEqualTo("account_closed");
    assertThat(transfersTo(account)).isEmpty();
    assertThat(earnings(creator).getJsonObject("available").getLong("amount")).isEqualTo(4000);
    assertThat(earnings(creator).getJsonObject("payoutsInFlight").getLong("amount")).isZero();
    JsonObject history = http.get("/api/v1/payouts", "Authorization", bearer).json();
    assertThat(history.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("FAILED");

    // No answer (every attempt's answer lost): the money is held in flight, so a second request cannot pay it again.
    stripe.lostTransferAnswers.set(1000);
    Http.Response unanswered = http.post("/api/v1/payouts", null, "", "Authorization", bearer);
    assertThat(unanswered.status()).as(unanswered.body()).isEqualTo(201);
    assertThat(unanswered.json().getString("status")).isEqualTo("PENDING");
    assertThat(earnings(creator).getJsonObject("available").getLong("amount")).isZero();
    assertThat(earnings(creator).getJsonObject("payoutsInFlight").getLong("amount")).isEqualTo(4000);
    Http.Response again = http.post("/api/v1/payouts", null, "", "Authorization", bearer);
    assertThat(again.status()).as(again.body()).isEqualTo(409);
    assertThat(again.json().getString("detail")).contains("minimum");
    JsonObject held = reconciliation().getJsonObject("payoutsInFlight");
    assertThat(held.getBoolean("matchesLedger")).as(held.encode()).isTrue();
    assertThat(held.getLong("amount")).isGreaterThanOrEqualTo(4000);
    assertThat(transfersTo(account)).hasSize(1); // Stripe made it; we do not know yet

    // Stripe answers again: the sweep asks under the same key and books the one transfer.
    stripe.lostTransferAnswers.set(0);
    Await.poll(() -> earnings(creator).getJsonObject("paidOut").getLong("amount") == 4000, 30_000, "the payout confirmed");
    assertThat(earnings(creator).getJsonObject("payoutsInFlight").getLong("amount")).isZero();
    assertThat(transfersTo(account)).hasSize(1);
    assertThat(http.get("/api/v1/payouts", "Authorization", bearer).json().getJsonArray("items").getJsonObject(0).getString("status"))
        .isEqualTo("PAID");

    // A late answer: the first attempt times out, the retry under the same key gets the same transfer.
    payableCreator(creator, 2500);
    stripe.lateTransferAnswers.set(1);
    Http.Response late = http.post("/api/v1/payouts", null, "", "Authorization", bearer);
    assertThat(late.status()).as(late.body()).isEqualTo(201);
    Await.poll(() -> earnings(creator).getJsonObject("paidOut").getLong("amount") == 6000, 30_000, "the late payout booked");
    assertThat(transfersTo(account)).hasSize(2);
    assertThat(earnings(creator).getJsonObject("available").getLong("amount")).isZero();
    JsonObject report = reconciliation();
    assertThat(report.getBoolean("balanced")).isTrue();
    assertThat(report.getJsonObject("payoutsInFlight").getBoolean("matchesLedger")).isTrue();
  }

  @Test
  void browsersGetThePublishableKeyOnly() {
    Http.Response config = http.get("/api/v1/payments/config");
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.json().getString("provider")).isEqualTo("stripe");
    assertThat(config.json().getString("publishableKey")).isEqualTo("pk_test_fake");
    // The one currency the web app shows prices in and sends (payments.currency).
    assertThat(config.json().getString("currency")).isEqualTo("USD");
    assertThat(config.body()).doesNotContain(FakeStripe.SECRET_KEY);
  }
}
