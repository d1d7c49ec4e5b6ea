package dev.creatorhub.subscriptions.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.shared.bus.BusErrors;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestClock;
import dev.creatorhub.devstack.TestStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscription transitions at service level: one Vertx (no cluster, no HTTP), the embedded store,
 * a clock the test moves, and the two domains it asks (auth for the creator, payments for charges)
 * answered by stand-ins on the local bus, so a renewal is a clock step and a decline is a card.
 */
class SubscriptionTransitionsTest {

  private static final long MONTH = 30L * 24 * 3600 * 1000;
  static Vertx vertx;
  static final TestClock clock = new TestClock();
  static SubscriptionsService service;
  static final List<JsonObject> charges = new CopyOnWriteArrayList<>();
  /** Runs while a charge is being made, before it is answered (a fan acting meanwhile). */
  static volatile Function<JsonObject, Future<?>> duringCharge = c -> Future.succeededFuture();
  static volatile boolean decline;

  @BeforeAll
  static void start() {
    JsonObject config = TestStack.config();
    // Its own database: renewals run for every due subscription, and this clock is months ahead of the other tests'.
    config.getJsonObject("mongo").put("db", "subscription-transitions-" + UUID.randomUUID());
    config.getJsonObject("subscriptions").put("monthSeconds", MONTH / 1000).put("retrySeconds", new JsonArray().add(3600).add(7200));
    vertx = Vertx.vertx();
    service = new SubscriptionsService(vertx, config, clock);
    Await.result(service.createIndexes());
    Await.result(vertx.eventBus().<JsonObject>consumer(AuthClient.USER_GET, msg -> msg.reply(new JsonObject()
        .put("id", msg.body().getString("id", "c0000000-0000-0000-0000-000000000000")).put("username", "anna").put("role", "CREATOR")
        .put("status", "ACTIVE").put("subscriptionPrice", new JsonObject().put("amount", 999).put("currency", "USD"))
        .put("bundles", new JsonArray().add(new JsonObject().put("months", 3).put("discountPercent", 10))))).completion());
    Await.result(vertx.eventBus().<JsonObject>consumer(ChargesClient.CHARGE, msg -> duringCharge.apply(msg.body()).onComplete(ar -> {
      if (decline) {
        BusErrors.reply(msg, new ApiException(402, "Payment Required", "The card was declined.",
            new JsonObject().put("declineCode", "card_declined")));
        return;
      }
      charges.add(msg.body());
      msg.reply(new JsonObject().put("id", msg.body().getString("chargeKey")).put("status", "SUCCEEDED"));
    })).completion());
    for (String address : List.of(ChargesClient.GRANT, ChargesClient.REVOKE, ChargesClient.SAVE_CARD)) {
      Await.result(vertx.eventBus().<JsonObject>consumer(address, msg -> msg.reply(new JsonObject())).completion());
    }
  }

  @AfterAll
  static void stop() {
    Await.result(service.close());
    Await.result(vertx.close());
  }

  @BeforeEach
  void reset() {
    charges.clear();
    duringCharge = c -> Future.succeededFuture();
    decline = false;
  }

  @Test
  void aSubscriptionRenewsEachPeriodWithItsOwnCharge() {
    String fan = UUID.randomUUID().toString();
    JsonObject sub = subscribe(fan, 1);
    assertThat(sub.getString("status")).isEqualTo("ACTIVE");
    clock.advance(MONTH + 1);
    renew();
    clock.advance(MONTH + 1);
    renew();
    List<JsonObject> mine = chargesOf(fan);
    assertThat(mine).extracting(c -> c.getJsonObject("refs").getLong("period")).containsExactly(0L, 1L, 2L);
    assertThat(mine).extracting(c -> c.getString("usage")).containsExactly("SAVE_FOR_RENEWALS", "RENEWAL", "RENEWAL");
    assertThat(mine).extracting(c -> c.getString("chargeKey")).doesNotHaveDuplicates();
    assertThat(current(fan).getString("status")).isEqualTo("ACTIVE");
  }

  @Test
  void aBundleCostsItsDiscountedPriceAndLastsItsMonths() {
    String fan = UUID.randomUUID().toString();
    subscribe(fan, 3);
    assertThat(chargesOf(fan).get(0).getLong("amount")).isEqualTo(2697); // 3 × 999 less 10 %, rounded half up
    assertThat(periodEnd(current(fan))).isEqualTo(clock.millis() + 3 * MONTH);
    clock.advance(2 * MONTH);
    renew();
    assertThat(chargesOf(fan)).hasSize(1);
    assertThat(current(fan).getString("status")).isEqualTo("ACTIVE");
  }

  @Test
  void aCancelledSubscriptionIsNotChargedAgainAndEndsAtItsPeriodEnd() {
    String fan = UUID.randomUUID().toString();
    JsonObject sub = subscribe(fan, 1);
    assertThat(Await.result(service.changes.cancel(fan, sub.getString("id"))).getString("status")).isEqualTo("CANCELLED");
    clock.advance(MONTH + 1);
    renew();
    assertThat(chargesOf(fan)).hasSize(1);
    assertThat(current(fan).getString("status")).isEqualTo("EXPIRED");
  }

  @Test
  void aFanWhoCancelsWhileARenewalIsChargedStaysCancelled() {
    String fan = UUID.randomUUID().toString();
    JsonObject sub = subscribe(fan, 1);
    duringCharge = charge -> fan.equals(charge.getString("userId")) ? service.changes.cancel(fan, sub.getString("id"))
        : Future.succeededFuture();
    clock.advance(MONTH + 1);
    renew();
    JsonObject renewed = current(fan);
    assertThat(renewed.getString("status")).as("the cancel that came during the charge holds").isEqualTo("CANCELLED");
    assertThat(chargesOf(fan)).hasSize(2);
    assertThat(periodEnd(renewed)).as("the period it paid for is kept").isGreaterThan(clock.millis());

    duringCharge = c -> Future.succeededFuture();
    clock.advance(MONTH + 1);
    renew();
    assertThat(chargesOf(fan)).as("never charged again").hasSize(2);
    assertThat(current(fan).getString("status")).isEqualTo("EXPIRED");
  }

  @Test
  void aDeclinedRenewalIsRetriedOnScheduleThenEnds() {
    String fan = UUID.randomUUID().toString();
    subscribe(fan, 1);
    decline = true;
    clock.advance(MONTH + 1);
    renew();
    JsonObject pastDue = current(fan);
    assertThat(pastDue.getString("status")).isEqualTo("PAST_DUE");
    assertThat(pastDue.getJsonObject("renewalIssue").getString("declineCode")).isEqualTo("card_declined");
    renew();
    assertThat(current(fan).getString("status")).as("not retried before its time").isEqualTo("PAST_DUE");
    clock.advance(3_600_001);
    renew(); // second decline
    clock.advance(7_200_001);
    renew(); // past the last retry
    assertThat(current(fan).getString("status")).isEqualTo("EXPIRED");
  }

  @Test
  void aRetryThatSucceedsStartsAFreshPeriodFromThatMoment() {
    String fan = UUID.randomUUID().toString();
    subscribe(fan, 1);
    decline = true;
    clock.advance(MONTH + 1);
    renew();
    decline = false;
    clock.advance(3_600_001);
    renew();
    JsonObject active = current(fan);
    assertThat(active.getString("status")).isEqualTo("ACTIVE");
    assertThat(periodEnd(active)).isEqualTo(clock.millis() + MONTH);
  }

  @Test
  void aRefundOfTheCurrentPeriodEndsItAndOneOfAnOlderPeriodDoesNot() {
    String fan = UUID.randomUUID().toString();
    JsonObject sub = subscribe(fan, 1);
    clock.advance(MONTH + 1);
    renew();
    Await.result(service.renewals.onRefund(refundOf(sub.getString("id"), 0)));
    assertThat(current(fan).getString("status")).isEqualTo("ACTIVE");
    Await.result(service.renewals.onRefund(refundOf(sub.getString("id"), 1)));
    assertThat(current(fan).getString("status")).isEqualTo("EXPIRED");
    clock.advance(MONTH + 1);
    renew();
    assertThat(chargesOf(fan)).as("an ended subscription is never renewed").hasSize(2);
  }

  private static JsonObject subscribe(String fan, int months) {
    JsonObject request = new JsonObject().put("paymentMethod", "pm_card_visa");
    if (months > 1) {
      request.put("bundleMonths", months);
    }
    return Await.result(service.subscribing.subscribe(fan, "anna", request, null));
  }

  private static void renew() {
    Await.result(service.renewals.renewDue());
  }

  private static JsonObject current(String fan) {
    return Await.result(service.lists.mine(fan, new JsonObject())).getJsonArray("items").getJsonObject(0);
  }

  private static long periodEnd(JsonObject view) {
    return java.time.Instant.parse(view.getString("currentPeriodEnd")).toEpochMilli();
  }

  private static List<JsonObject> chargesOf(String fan) {
    return charges.stream().filter(c -> fan.equals(c.getString("userId"))).toList();
  }

  private static JsonObject refundOf(String subscriptionId, long period) {
    return new JsonObject().put("payload", new JsonObject().put("type", "SUBSCRIPTION")
        .put("refs", new JsonObject().put("subscriptionId", subscriptionId).put("period", period)));
  }
}
