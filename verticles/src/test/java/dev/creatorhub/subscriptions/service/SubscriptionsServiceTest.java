package dev.creatorhub.subscriptions.service;

import dev.creatorhub.devstack.TestStack;
import dev.creatorhub.testing.AuthStandIn;
import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.payments.service.PaymentsService;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscription transitions at service level: the subscriptions and payments services on one Vertx
 * (no cluster, no HTTP), the embedded store, the sandbox provider and one clock the test moves, so a
 * month passing is a clock step. Payments' charge addresses are served as its bus adapter serves them;
 * the auth domain is a consumer on the same local bus that knows the test's creators.
 */
class SubscriptionsServiceTest {

  static final long PRICE = 999;
  static Vertx vertx;
  static TestClock clock = new TestClock();
  static PaymentsService payments;
  static SubscriptionsService subscriptions;
  static long monthMs;
  static long dayMs;
  static AuthStandIn auth;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    JsonObject config = TestStack.config();
    // Its own database: its sweeps run over every due subscription, and only this test's may be due.
    config.getJsonObject("mongo").put("db", "subscriptions-service-test");
    payments = new PaymentsService(vertx, config, clock);
    subscriptions = new SubscriptionsService(vertx, config, clock);
    Await.result(payments.start().compose(v -> subscriptions.createIndexes()));
    monthMs = subscriptions.settings.monthMs();
    dayMs = subscriptions.settings.dayMs();
    BusService.Served charges = new BusService.Served();
    Await.result(Future.all(
        charges.serve(vertx, ChargesClient.CHARGE, msg -> payments.purchases.internalCharge(msg.body())),
        charges.serve(vertx, ChargesClient.GRANT, msg -> payments.entitlements.grant(msg.body().getString("userId"),
            msg.body().getString("kind"), msg.body().getString("target"), msg.body().getLong("until"), null).map(new JsonObject())),
        charges.serve(vertx, ChargesClient.REVOKE, msg -> payments.entitlements.revoke(msg.body().getString("userId"),
            msg.body().getString("kind"), msg.body().getString("target")).map(new JsonObject())),
        charges.serve(vertx, ChargesClient.SAVE_CARD, msg -> payments.purchases.saveCard(msg.body()))));
    auth = AuthStandIn.on(vertx);
  }

  @AfterAll
  static void stop() {
    Await.result(subscriptions.close());
    Await.result(vertx.close());
  }

  /** A creator at {@link #PRICE} a month with a 3-month bundle at 10 % off; its username. */
  static final Map<String, String> idOf = new ConcurrentHashMap<>();

  static String creator(int trialDays) {
    JsonObject creator = auth.add("CREATOR", new JsonObject()
        .put("subscriptionPrice", new JsonObject().put("amount", PRICE).put("currency", payments.clientConfig().getString("currency")))
        .put("bundles", new JsonArray().add(new JsonObject().put("months", 3).put("discountPercent", 10)))
        .put("trialDays", trialDays));
    idOf.put(creator.getString("username"), creator.getString("id"));
    return creator.getString("username");
  }

  static String creatorId(String username) {
    return idOf.get(username);
  }

  static JsonObject card(String paymentMethod) {
    return new JsonObject().put("paymentMethod", paymentMethod);
  }

  static JsonObject subscribe(String fan, String creator) {
    return Await.result(subscriptions.subscribing.subscribe(fan, creator, card("pm_card_visa"), UUID.randomUUID().toString()));
  }

  static JsonArray charged(String fan) {
    return Await.result(payments.statements.history(fan, new JsonObject())).getJsonArray("items");
  }

  static JsonObject only(String fan) {
    JsonArray mine = Await.result(subscriptions.lists.mine(fan, new JsonObject())).getJsonArray("items");
    assertThat(mine).hasSize(1);
    return mine.getJsonObject(0);
  }

  static boolean entitled(String fan, String creator) {
    return Await.result(payments.entitlements.entitled(fan, "SUBSCRIPTION", creatorId(creator)));
  }

  static int status(Throwable err) {
    return err instanceof ApiException api ? api.status() : -1;
  }

  @Test
  void aFanSubscribesOnceAndARetryIsTheSameSubscription() {
    String creator = creator(0);
    String fan = UUID.randomUUID().toString();
    String key = UUID.randomUUID().toString();
    JsonObject first = Await.result(subscriptions.subscribing.subscribe(fan, creator, card("pm_card_visa"), key));
    JsonObject retried = Await.result(subscriptions.subscribing.subscribe(fan, creator, card("pm_card_visa"), key));
    assertThat(first.getString("status")).isEqualTo("ACTIVE");
    assertThat(retried.getString("id")).isEqualTo(first.getString("id"));
    assertThat(status(Await.failure(subscriptions.subscribing.subscribe(fan, creator, card("pm_card_visa"), UUID.randomUUID().toString()))))
        .isEqualTo(409);
    JsonArray paid = charged(fan);
    assertThat(paid).hasSize(1);
    assertThat(paid.getJsonObject(0).getString("type")).isEqualTo("SUBSCRIPTION");
    assertThat(paid.getJsonObject(0).getJsonObject("amount").getLong("amount")).isEqualTo(PRICE);
    assertThat(entitled(fan, creator)).isTrue();
  }

  @Test
  void aDeclinedCardLeavesNoSubscriptionAndNoAccess() {
    String creator = creator(0);
    String fan = UUID.randomUUID().toString();
    Throwable declined = Await.failure(subscriptions.subscribing.subscribe(fan, creator, card("pm_card_chargeDeclined"),
        UUID.randomUUID().toString()));
    assertThat(status(declined)).isEqualTo(402);
    assertThat(entitled(fan, creator)).isFalse();
    assertThat(subscribe(fan, creator).getString("status")).isEqualTo("ACTIVE");
  }

  @Test
  void aBundleIsChargedAtItsDiscountRoundedHalfUpForItsMonths() {
    String creator = creator(0);
    String fan = UUID.randomUUID().toString();
    JsonObject sub = Await.result(subscriptions.subscribing.subscribe(fan, creator, card("pm_card_visa").put("bundleMonths", 3),
        UUID.randomUUID().toString()));
    assertThat(sub.getJsonObject("price").getLong("amount")).isEqualTo(2697); // 3 × 999 × 0.9 = 2697.3
    assertThat(charged(fan).getJsonObject(0).getJsonObject("amount").getLong("amount")).isEqualTo(2697);
    assertThat(status(Await.failure(subscriptions.subscribing.subscribe(UUID.randomUUID().toString(), creator,
        card("pm_card_visa").put("bundleMonths", 6), UUID.randomUUID().toString())))).isEqualTo(400);
  }

  @Test
  void thePeriodsEndRenewsAndChargesTheNextPeriod() {
    String creator = creator(0);
    String fan = UUID.randomUUID().toString();
    String firstEnd = subscribe(fan, creator).getString("currentPeriodEnd");
    clock.advance(monthMs + 1);
    Await.result(subscriptions.renewals.renewDue());
    JsonObject renewed = only(fan);
    assertThat(renewed.getString("status")).isEqualTo("ACTIVE");
    assertThat(java.time.Instant.parse(renewed.getString("currentPeriodEnd")))
        .isEqualTo(java.time.Instant.parse(firstEnd).plusMillis(monthMs));
    assertThat(charged(fan)).hasSize(2);
    assertThat(entitled(fan, creator)).isTrue();
  }

  @Test
  void aCancelledSubscriptionKeepsAccessToItsPeriodsEndThenEndsWithoutACharge() {
    String creator = creator(0);
    String fan = UUID.randomUUID().toString();
    JsonObject sub = subscribe(fan, creator);
    assertThat(status(Await.failure(subscriptions.changes.cancel(UUID.randomUUID().toString(), sub.getString("id"))))).isEqualTo(404);
    JsonObject cancelled = Await.result(subscriptions.changes.cancel(fan, sub.getString("id")));
    assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
    assertThat(cancelled.getBoolean("cancelAtPeriodEnd")).isTrue();
    assertThat(entitled(fan, creator)).isTrue();

    clock.advance(monthMs + 1);
    Await.result(subscriptions.renewals.renewDue());
    assertThat(only(fan).getString("status")).isEqualTo("EXPIRED");
    assertThat(charged(fan)).hasSize(1);
    assertThat(entitled(fan, creator)).isFalse();
    assertThat(status(Await.failure(subscriptions.changes.cancel(fan, sub.getString("id"))))).isEqualTo(409);
  }

  @Test
  void aTrialChargesNothingUntilItEndsAndIsGivenOnce() {
    String creator = creator(3);
    String fan = UUID.randomUUID().toString();
    JsonObject trial = subscribe(fan, creator);
    assertThat(trial.getString("status")).isEqualTo("TRIALING");
    assertThat(charged(fan)).isEmpty();
    assertThat(entitled(fan, creator)).isTrue();

    clock.advance(3 * dayMs + 1);
    Await.result(subscriptions.renewals.renewDue());
    assertThat(only(fan).getString("status")).isEqualTo("ACTIVE");
    assertThat(charged(fan)).hasSize(1);
  }
}
