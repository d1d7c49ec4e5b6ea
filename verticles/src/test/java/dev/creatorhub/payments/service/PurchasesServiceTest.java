package dev.creatorhub.payments.service;

import dev.creatorhub.content.api.ContentClient;
import dev.creatorhub.devstack.TestStack;
import dev.creatorhub.testing.AuthStandIn;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The money rules at service level: the payments services on one Vertx (no cluster, no HTTP), the
 * embedded store and the sandbox provider. The auth and content domains are answered by consumers on
 * the same local bus, at the addresses their clients own, so only the payments code runs for real.
 */
@ExtendWith(VertxExtension.class)
class PurchasesServiceTest {

  static Vertx vertx;
  static PaymentsService payments;
  static String currency;
  static AuthStandIn auth;
  /** The PPV posts the content stand-in sells, by id. */
  static final Map<String, JsonObject> posts = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    JsonObject config = TestStack.config();
    config.getJsonObject("mongo").put("db", "purchases-service-test"); // its reconciliation sees only its own payments
    payments = new PaymentsService(vertx, config, new TestClock());
    Await.result(payments.start());
    currency = payments.clientConfig().getString("currency");
    auth = AuthStandIn.on(vertx);
    vertx.eventBus().<JsonObject>consumer(ContentClient.POST_OFFER, msg -> {
      JsonObject post = posts.get(msg.body().getString("postId"));
      if (post == null) {
        msg.fail(404, "No such post.");
      } else {
        msg.reply(post);
      }
    });
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  static String creator() {
    return auth.add("CREATOR", new JsonObject()).getString("id");
  }

  static String ppvPost(String creatorId, long price) {
    String id = UUID.randomUUID().toString();
    posts.put(id, new JsonObject().put("creatorId", creatorId).put("visibility", "PPV")
        .put("price", new JsonObject().put("amount", price).put("currency", currency)));
    return id;
  }

  static JsonObject tipOf(String creatorId, long amount) {
    return new JsonObject().put("creator", creatorId).put("paymentMethod", "pm_card_visa")
        .put("amount", new JsonObject().put("amount", amount).put("currency", currency));
  }

  static JsonArray historyOf(String fan) {
    return Await.result(payments.statements.history(fan, new JsonObject())).getJsonArray("items");
  }

  static long creatorHolds(String creatorId) {
    JsonObject earned = Await.result(payments.statements.earnings(creatorId));
    return earned.getJsonObject("pending").getLong("amount") + earned.getJsonObject("available").getLong("amount");
  }

  static int status(Throwable err) {
    return err instanceof ApiException api ? api.status() : -1;
  }

  @Test
  void aRetriedTipPaysOnceAndSplitsEightyTwenty() {
    String creator = creator();
    String fan = UUID.randomUUID().toString();
    String key = UUID.randomUUID().toString();
    JsonObject first = Await.result(payments.purchases.tip(fan, tipOf(creator, 1000), key));
    JsonObject again = Await.result(payments.purchases.tip(fan, tipOf(creator, 1000), key));
    assertThat(first.getString("status")).isEqualTo("SUCCEEDED");
    assertThat(again.getString("id")).isEqualTo(first.getString("id"));
    assertThat(historyOf(fan)).hasSize(1);
    assertThat(creatorHolds(creator)).isEqualTo(800);
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefusedAndChargesNothing() {
    String creator = creator();
    String fan = UUID.randomUUID().toString();
    String key = UUID.randomUUID().toString();
    Await.result(payments.purchases.tip(fan, tipOf(creator, 1000), key));
    assertThat(status(Await.failure(payments.purchases.tip(fan, tipOf(creator, 2000), key)))).isEqualTo(409);
    assertThat(historyOf(fan)).hasSize(1);
  }

  @Test
  void tipsOutsideTheLimitsOrToOneselfAreRefusedBeforeAnyCharge() {
    String creator = creator();
    assertThatThrownBy(() -> payments.purchases.tip("fan-x", tipOf(creator, 50), "k1")).isInstanceOf(ApiException.class)
        .matches(err -> status(err) == 400);
    assertThatThrownBy(() -> payments.purchases.tip("fan-x", tipOf(creator, 5_000_000), "k2")).isInstanceOf(ApiException.class)
        .matches(err -> status(err) == 400);
    Throwable self = Await.failure(payments.purchases.tip(creator, tipOf(creator, 1000), UUID.randomUUID().toString()));
    assertThat(status(self)).isEqualTo(409);
    assertThat(historyOf(creator)).isEmpty();
  }

  /** Ten clicks at once, each with its own key: the offer claim in the store lets one through. */
  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void concurrentPurchasesOfOneOfferChargeOnce(VertxTestContext test) {
    String creator = creator();
    String post = ppvPost(creator, 500);
    String fan = UUID.randomUUID().toString();
    JsonObject body = new JsonObject().put("paymentMethod", "pm_card_visa");
    List<Future<JsonObject>> clicks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      clicks.add(payments.purchases.purchase(fan, "PPV", post, body, UUID.randomUUID().toString()));
    }
    Future.join(clicks).transform(settled -> Future.all(payments.statements.history(fan, new JsonObject()),
            payments.entitlements.entitled(fan, "PPV", post), payments.statements.earnings(creator)))
        .onComplete(test.succeeding(after -> test.verify(() -> {
          assertThat(clicks.stream().filter(Future::succeeded)).hasSize(1);
          assertThat(clicks.stream().filter(Future::failed).map(f -> status(f.cause()))).containsOnly(409);
          assertThat(after.<JsonObject>resultAt(0).getJsonArray("items")).hasSize(1);
          assertThat(after.<Boolean>resultAt(1)).isTrue();
          JsonObject earned = after.resultAt(2);
          assertThat(earned.getJsonObject("pending").getLong("amount") + earned.getJsonObject("available").getLong("amount"))
              .isEqualTo(400);
          test.completeNow();
        })));
  }

  @Test
  void aRefundEndsAccessGivesTheMoneyBackAndKeepsTheLedgerBalanced() {
    String creator = creator();
    String post = ppvPost(creator, 700);
    String fan = UUID.randomUUID().toString();
    JsonObject bought = Await.result(payments.purchases.purchase(fan, "PPV", post,
        new JsonObject().put("paymentMethod", "pm_card_visa"), UUID.randomUUID().toString()));
    assertThat(Await.result(payments.entitlements.entitled(fan, "PPV", post))).isTrue();

    JsonObject refunded = Await.result(payments.reversals.refund(bought.getString("id")));
    assertThat(refunded.getString("status")).isEqualTo("REFUNDED");
    assertThat(Await.result(payments.reversals.refund(bought.getString("id"))).getString("status")).isEqualTo("REFUNDED");
    assertThat(Await.result(payments.entitlements.entitled(fan, "PPV", post))).isFalse();
    assertThat(creatorHolds(creator)).isZero();
    JsonObject report = Await.result(payments.reconcile());
    assertThat(report.getBoolean("balanced")).as(report.encodePrettily()).isTrue();
    assertThat(report.getJsonObject("duplicatePurchases").getInteger("count")).isZero();
  }

  @Test
  void aPostThatIsNotForSaleOrIsOnesOwnIsNotSold() {
    String creator = creator();
    String free = UUID.randomUUID().toString();
    posts.put(free, new JsonObject().put("creatorId", creator).put("visibility", "SUBSCRIBERS"));
    JsonObject body = new JsonObject().put("paymentMethod", "pm_card_visa");
    assertThat(status(Await.failure(payments.purchases.purchase("fan-y", "PPV", free, body, UUID.randomUUID().toString()))))
        .isEqualTo(409);
    String own = ppvPost(creator, 500);
    assertThat(status(Await.failure(payments.purchases.purchase(creator, "PPV", own, body, UUID.randomUUID().toString()))))
        .isEqualTo(409);
    assertThat(historyOf(creator)).isEmpty();
  }
}
