package dev.creatorhub.subscriptions;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;


import static org.assertj.core.api.Assertions.assertThat;

/** Subscriptions through the gateway: with months of 3 s and trial days of 2 s, renewals happen in the test. */
@Timeout(240)
class SubscriptionsApiTest {

  static Node node;
  static Http http;
  static String admin;

  @BeforeAll
  static void start() {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1)
        .put("subscriptions", 1).put("outbox-relay", 1));
    config.getJsonObject("subscriptions").put("monthSeconds", 3).put("daySeconds", 2)
        .put("retrySeconds", new JsonArray().add(1).add(1)).put("schedulerPeriodMs", 200);
    config.getJsonObject("outbox").put("pollMs", 100);
    node = TestNodes.start(config, false);
    http = new Http(config.getJsonObject("http").getInteger("port"));
    admin = TestAccounts.login(http, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
  }



  static JsonObject creator(int price, JsonArray bundles, int trialDays) {
    return TestAccounts.creator(http, price, bundles, trialDays);
  }


  static Http.Response subscribe(JsonObject fan, JsonObject creator, String paymentMethod, Integer bundleMonths) {
    JsonObject body = new JsonObject().put("paymentMethod", paymentMethod);
    if (bundleMonths != null) {
      body.put("bundleMonths", bundleMonths);
    }
    return http.post("/api/v1/creators/" + creator.getString("username") + "/subscriptions", "application/json", body.encode(),
        "Authorization", "Bearer " + fan.getString("token"));
  }

  static JsonObject mine(JsonObject fan) {
    return http.get("/api/v1/subscriptions", "Authorization", "Bearer " + fan.getString("token")).json();
  }

  static String status(JsonObject fan) {
    JsonArray items = mine(fan).getJsonArray("items");
    return items.isEmpty() ? null : items.getJsonObject(0).getString("status");
  }

  static boolean entitled(JsonObject fan, JsonObject creator) {
    return Await.result(node.vertx().eventBus().<JsonObject>request("payments.entitlement.check", new JsonObject()
        .put("userId", fan.getString("id")).put("kind", "SUBSCRIPTION").put("target", creator.getString("id")))).body().getBoolean("entitled");
  }

  static long subscriberCount(JsonObject creator) {
    return http.get("/api/v1/creators/" + creator.getString("username")).json().getLong("subscriberCount");
  }

  static long gross(JsonObject creator) {
    return http.get("/api/v1/earnings", "Authorization", "Bearer " + creator.getString("token")).json()
        .getJsonObject("gross").getLong("amount");
  }

  static void assertProblem(Http.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void subscribeRenewCancelAndExpire() {
    JsonObject creator = creator(1000, new JsonArray(), 0);
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    assertProblem(subscribe(fan, creator, "pm_card_chargeDeclined", null), 402);
    assertThat(mine(fan).getJsonArray("items")).isEmpty();
    assertThat(entitled(fan, creator)).isFalse();

    Http.Response r = subscribe(fan, creator, "pm_card_visa", null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonObject sub = r.json();
    assertThat(sub.getString("status")).isEqualTo("ACTIVE");
    assertThat(sub.getJsonObject("price")).isEqualTo(new JsonObject().put("amount", 1000).put("currency", "USD"));
    assertThat(sub.getJsonObject("creator").getString("username")).isEqualTo(creator.getString("username"));
    assertThat(entitled(fan, creator)).isTrue();
    assertProblem(subscribe(fan, creator, "pm_card_visa", null), 409);
    Await.poll(() -> subscriberCount(creator) == 1, 20_000, "subscriber count 1");

    // Renewal at period end (3 s): a second charge, the period moves on.
    // The charge is booked before the subscription moves to its next period: wait for both.
    Await.poll(() -> gross(creator) == 2000, 20_000, "the renewal charge");
    Await.poll(() -> mine(fan).getJsonArray("items").getJsonObject(0).getString("currentPeriodEnd")
        .compareTo(sub.getString("currentPeriodEnd")) > 0, 20_000, "the next period");
    assertThat(mine(fan).getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("ACTIVE");

    JsonObject other = TestAccounts.create(http, "SUBSCRIBER");
    assertProblem(http.send(http.request("/api/v1/subscriptions/" + sub.getString("id")).header("Authorization", "Bearer " + other.getString("token"))
        .DELETE()), 404);
    Http.Response cancelled = http.send(http.request("/api/v1/subscriptions/" + sub.getString("id"))
        .header("Authorization", "Bearer " + fan.getString("token")).DELETE());
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().getString("status")).isEqualTo("CANCELLED");
    assertThat(cancelled.json().getBoolean("cancelAtPeriodEnd")).isTrue();
    assertThat(entitled(fan, creator)).isTrue();
    Await.poll(() -> "EXPIRED".equals(status(fan)), 20_000, "expiry at period end");
    assertThat(entitled(fan, creator)).isFalse();
    assertThat(gross(creator)).isEqualTo(2000);
    Await.poll(() -> subscriberCount(creator) == 0, 20_000, "subscriber count back to 0");

    // Subscribing again reuses the relationship.
    assertThat(subscribe(fan, creator, "pm_card_visa", null).status()).isEqualTo(201);
    assertThat(entitled(fan, creator)).isTrue();
  }

  /** Each period has its own charge: the second renewal is not mistaken for a repeat of the first. */
  @Test
  void everyPeriodIsRenewedNotOnlyTheFirst() {
    JsonObject creator = creator(500, new JsonArray(), 0);
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    assertThat(subscribe(fan, creator, "pm_card_visa", null).status()).isEqualTo(201);
    Await.poll(() -> gross(creator) == 1500, 20_000, "two renewals after the first charge");
    assertThat(status(fan)).isEqualTo("ACTIVE");
    assertThat(entitled(fan, creator)).isTrue();
  }

  @Test
  void bundlesAreDiscountedAndOnlyOfferedOnesExist() {
    JsonObject creator = creator(999, new JsonArray().add(new JsonObject().put("months", 3).put("discountPercent", 15)), 0);
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    assertProblem(subscribe(fan, creator, "pm_card_visa", 6), 400);
    assertProblem(subscribe(fan, creator, "pm_card_visa", 5), 400);
    Http.Response r = subscribe(fan, creator, "pm_card_visa", 3);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    // 999 x 3 x 85 % = 2547.45 → 2547
    assertThat(r.json().getJsonObject("price").getLong("amount")).isEqualTo(2547);
    assertThat(r.json().getInteger("months")).isEqualTo(3);
    assertThat(gross(creator)).isEqualTo(2547);
    // The price fans are shown for the bundle is the one they were charged.
    JsonObject shown = http.get("/api/v1/creators/" + creator.getString("username")).json().getJsonArray("bundles").getJsonObject(0);
    assertThat(shown.getJsonObject("price")).isEqualTo(new JsonObject().put("currency", "USD").put("amount", 2547));
  }

  @Test
  void aTrialGivesAccessWithoutChargeThenFailedChargesGoPastDueThenExpire() {
    JsonObject creator = creator(800, new JsonArray(), 1);
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    Http.Response r = subscribe(fan, creator, "pm_card_chargeCustomerFail", null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().getString("status")).isEqualTo("TRIALING");
    assertThat(entitled(fan, creator)).isTrue();
    assertThat(gross(creator)).isZero();
    Await.poll(() -> "PAST_DUE".equals(status(fan)), 20_000, "past due after the trial's failed charge");
    Await.poll(() -> "EXPIRED".equals(status(fan)), 20_000, "expired after the retries");
    assertThat(entitled(fan, creator)).isFalse();
    assertThat(gross(creator)).isZero();

    // No second trial for the same creator: the next subscription is charged at once.
    Http.Response again = subscribe(fan, creator, "pm_card_visa", null);
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(again.json().getString("status")).isEqualTo("ACTIVE");
    assertThat(gross(creator)).isEqualTo(800);
  }

  @Test
  void aTrialThatConvertsIsChargedAtItsEnd() {
    JsonObject creator = creator(700, new JsonArray(), 1);
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    assertThat(subscribe(fan, creator, "pm_card_visa", null).json().getString("status")).isEqualTo("TRIALING");
    Await.poll(() -> "ACTIVE".equals(status(fan)), 20_000, "active after the trial");
    assertThat(gross(creator)).isEqualTo(700);
  }

  @Test
  void creatorsSeeTheirSubscribersOnlyAndARefundEndsTheSubscription() {
    // A year's bundle (36 s here) so that no renewal lands before the refund: a refund of an older
    // period rightly leaves the current one standing.
    JsonObject creator = creator(1500, new JsonArray().add(new JsonObject().put("months", 12).put("discountPercent", 0)), 0);
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    assertThat(subscribe(fan, creator, "pm_card_visa", 12).status()).isEqualTo(201);
    JsonObject list = http.get("/api/v1/creators/me/subscribers", "Authorization", "Bearer " + creator.getString("token")).json();
    assertThat(list.getInteger("count")).isEqualTo(1);
    assertThat(list.getJsonArray("items").getJsonObject(0).getJsonObject("fan").getString("username")).isEqualTo(fan.getString("username"));
    assertProblem(http.get("/api/v1/creators/me/subscribers", "Authorization", "Bearer " + fan.getString("token")), 403);
    JsonObject otherCreator = creator(1500, new JsonArray(), 0);
    assertThat(http.get("/api/v1/creators/me/subscribers", "Authorization", "Bearer " + otherCreator.getString("token"))
        .json().getInteger("count")).isZero();

    JsonArray payments = http.get("/api/v1/payments", "Authorization", "Bearer " + fan.getString("token")).json().getJsonArray("items");
    assertThat(payments).hasSize(1);
    String paymentId = payments.getJsonObject(0).getString("id");
    assertThat(http.post("/api/v1/admin/payments/" + paymentId + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + admin).status()).isEqualTo(200);
    assertThat(entitled(fan, creator)).isFalse();
    Await.poll(() -> "EXPIRED".equals(status(fan)), 20_000, "the refund ends the subscription");
  }

  static Http.Response patch(JsonObject fan, String id, JsonObject body) {
    return http.send(http.request("/api/v1/subscriptions/" + id).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + fan.getString("token"))
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  @Test
  void aCancelledFanTurnsRenewalBackOnOrSubscribesAgainOnceItEnded() {
    JsonObject creator = creator(600, new JsonArray(), 0);
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    Http.Response first = subscribe(fan, creator, "pm_card_visa", null);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    String id = first.json().getString("id");
    assertThat(http.send(http.request("/api/v1/subscriptions/" + id).header("Authorization", "Bearer " + fan.getString("token")).DELETE())
        .json().getString("status")).isEqualTo("CANCELLED");
    assertProblem(subscribe(fan, creator, "pm_card_visa", null), 409);

    // Before the period ends: renewal back on, and it renews.
    Http.Response resumed = patch(fan, id, new JsonObject().put("cancelAtPeriodEnd", false));
    assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
    assertThat(resumed.json().getString("status")).isEqualTo("ACTIVE");
    assertThat(resumed.json().getBoolean("cancelAtPeriodEnd")).isFalse();
    Await.poll(() -> gross(creator) == 1200, 20_000, "the resumed subscription renewed");

    // Cancelled again and left to end: a new subscription, charged once.
    http.send(http.request("/api/v1/subscriptions/" + id).header("Authorization", "Bearer " + fan.getString("token")).DELETE());
    Await.poll(() -> "EXPIRED".equals(status(fan)), 20_000, "the cancelled subscription ended");
    assertProblem(patch(fan, id, new JsonObject().put("cancelAtPeriodEnd", false)), 409);
    Http.Response again = subscribe(fan, creator, "pm_card_mastercard", null);
    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(again.json().getString("status")).isEqualTo("ACTIVE");
    assertThat(gross(creator)).isEqualTo(1800);
    assertThat(entitled(fan, creator)).isTrue();
    // Someone else's subscription stays out of reach.
    JsonObject other = TestAccounts.create(http, "SUBSCRIBER");
    assertProblem(patch(other, id, new JsonObject().put("cancelAtPeriodEnd", false)), 404);
  }

  @Test
  void fansSeeTheirCardsAndAFailedRenewalNamesTheCardToUpdate() {
    JsonObject creator = creator(700, new JsonArray(), 0);
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String bearer = "Bearer " + fan.getString("token");
    // pm_card_chargeCustomerFail pays nothing after it is kept: the first charge already fails.
    assertThat(http.post("/api/v1/tips", "application/json", new JsonObject().put("creator", creator.getString("username"))
        .put("amount", new JsonObject().put("amount", 300).put("currency", "USD")).put("paymentMethod", "pm_card_visa").encode(),
        "Authorization", bearer).status()).isEqualTo(201);
    JsonArray cards = http.get("/api/v1/payments/cards", "Authorization", bearer).json().getJsonArray("items");
    assertThat(cards).hasSize(1);
    assertThat(cards.getJsonObject(0).getString("brand")).isEqualTo("visa");
    assertThat(cards.getJsonObject(0).getString("last4")).isEqualTo("4242");
    assertThat(cards.getJsonObject(0).getBoolean("isDefault")).isTrue();

    // A trial keeps its card; the renewal after the trial is declined and names that card.
    JsonObject trialCreator = creator(800, new JsonArray(), 1);
    Http.Response trial = subscribe(fan, trialCreator, "pm_card_chargeCustomerFail", null);
    assertThat(trial.status()).as(trial.body()).isEqualTo(201);
    String id = trial.json().getString("id");
    Await.poll(() -> "PAST_DUE".equals(mine(fan).getJsonArray("items").stream().map(x -> (JsonObject) x)
        .filter(x -> x.getString("id").equals(id)).findFirst().orElseThrow().getString("status")), 20_000, "a declined renewal");
    JsonObject sub = mine(fan).getJsonArray("items").stream().map(x -> (JsonObject) x).filter(x -> x.getString("id").equals(id))
        .findFirst().orElseThrow();
    JsonObject issue = sub.getJsonObject("renewalIssue");
    assertThat(issue.getString("declineCode")).isEqualTo("card_declined");
    assertThat(issue.getJsonObject("card").getString("last4")).isEqualTo("0341");

    // The fan picks a working card for it: retried at once, and active again.
    Http.Response fixed = patch(fan, id, new JsonObject().put("paymentMethod", "pm_card_mastercard"));
    assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
    Await.poll(() -> gross(trialCreator) == 800, 20_000, "the renewal charged the new card");
    assertThat(http.get("/api/v1/payments/cards", "Authorization", bearer).json().getJsonArray("items").stream()
        .map(c -> ((JsonObject) c).getString("last4")).toList()).contains("4242", "0341", "4444");

    // Default and removal; another fan cannot touch these cards.
    assertThat(http.post("/api/v1/payments/cards/pm_card_mastercard/default", null, "", "Authorization", bearer).json()
        .getJsonArray("items").getJsonObject(0).getString("last4")).isEqualTo("4444");
    JsonObject other = TestAccounts.create(http, "SUBSCRIBER");
    assertProblem(http.send(http.request("/api/v1/payments/cards/pm_card_visa").header("Authorization", "Bearer " + other.getString("token"))
        .DELETE()), 404);
    Http.Response removed = http.send(http.request("/api/v1/payments/cards/pm_card_mastercard").header("Authorization", bearer).DELETE());
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    JsonArray left = removed.json().getJsonArray("items");
    assertThat(left.stream().map(c -> ((JsonObject) c).getString("last4")).toList()).containsExactlyInAnyOrder("4242", "0341");
    assertThat(left.stream().filter(c -> ((JsonObject) c).getBoolean("isDefault")).count()).isEqualTo(1);
  }
}
