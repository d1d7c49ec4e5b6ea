package dev.creatorhub.payments;

import dev.creatorhub.payments.store.SandboxRecords;
import dev.creatorhub.payments.store.PaymentsCollections;
import dev.creatorhub.payments.store.Ledger;
import dev.creatorhub.payments.store.Accounts;
import dev.creatorhub.payments.store.JournalEntry;
import dev.creatorhub.payments.service.Payouts;
import dev.creatorhub.node.Node;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Money through the gateway with the sandbox provider: tips, PPV, refunds, payouts, idempotency. */
@Timeout(240)
class PaymentsApiTest {

  static Node node;
  static Http http;
  static String admin;
  static final Map<String, JsonObject> posts = new ConcurrentHashMap<>();
  static MessageConsumer<JsonObject> contentStandIn;

  @BeforeAll
  static void start() {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1).put("outbox-relay", 1));
    config.getJsonObject("payments").put("holdingPeriodSeconds", 2).put("schedulerPeriodMs", 200).put("pendingTimeoutSeconds", 1);
    node = TestNodes.start(config, false);
    http = new Http(config.getJsonObject("http").getInteger("port"));
    admin = TestAccounts.login(http, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
    // The content domain is not deployed here: a stand-in answers for the posts this test sells.
    contentStandIn = node.vertx().eventBus().consumer(dev.creatorhub.content.api.ContentClient.POST_OFFER, msg -> {
      JsonObject post = posts.get(msg.body().getString("postId"));
      if (post == null) {
        msg.fail(404, "no such post");
      } else {
        msg.reply(post);
      }
    });
    Await.result(contentStandIn.completion());
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
  }

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }



  static Http.Response tip(String token, String creator, long amount, String paymentMethod, String key) {
    JsonObject body = new JsonObject().put("creator", creator).put("amount", new JsonObject().put("amount", amount).put("currency", "USD"))
        .put("paymentMethod", paymentMethod).put("message", "thanks!");
    List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + token));
    if (key != null) {
      headers.addAll(List.of("Idempotency-Key", key));
    }
    return http.post("/api/v1/tips", "application/json", body.encode(), headers.toArray(String[]::new));
  }

  static JsonObject earnings(String token) {
    Http.Response r = http.get("/api/v1/earnings", "Authorization", "Bearer " + token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static JsonObject reconciliation() {
    Http.Response r = http.get("/api/v1/admin/ledger/reconciliation", "Authorization", "Bearer " + admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** The payment and what it granted, as stored: for a failure message. */
  static String trail(String paymentId) {
    var mongo = dev.creatorhub.shared.mongo.Mongo.client(node.vertx(), node.config(), "payments-test");
    return Await.result(mongo.findOne(PaymentsCollections.PAYMENTS, new JsonObject().put("_id", paymentId), null)).encode()
        + " grants " + Await.result(mongo.find(PaymentsCollections.ENTITLEMENTS, new JsonObject().put("paymentId", paymentId)));
  }

  static boolean entitled(String userId, String kind, String target) {
    return Await.result(node.vertx().eventBus().<JsonObject>request(EntitlementsClient.CHECK,
        new JsonObject().put("userId", userId).put("kind", kind).put("target", target))).body().getBoolean("entitled");
  }

  static void assertProblem(Http.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void aTipSplitsEightyTwentyAndADeclinedCardBooksNothing() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    Http.Response paid = tip(fan.getString("token"), creator.getString("username"), 1000, "pm_card_visa", null);
    assertThat(paid.status()).as(paid.body()).isEqualTo(201);
    assertThat(paid.json().getString("status")).isEqualTo("SUCCEEDED");
    assertThat(paid.json().getJsonObject("receipt").getString("number")).startsWith("R-");

    JsonObject earned = earnings(creator.getString("token"));
    assertThat(earned.getJsonObject("gross").getLong("amount")).isEqualTo(1000);
    assertThat(earned.getJsonObject("platformFee").getLong("amount")).isEqualTo(200);
    assertThat(earned.getJsonObject("net").getLong("amount")).isEqualTo(800);
    assertThat(earned.getJsonObject("pending").getLong("amount") + earned.getJsonObject("available").getLong("amount")).isEqualTo(800);
    assertThat(earned.getJsonArray("byType").getJsonObject(0).getString("type")).isEqualTo("TIP");
    assertThat(earned.getJsonArray("byDay")).hasSize(1);

    Http.Response declined = tip(fan.getString("token"), creator.getString("username"), 500, "pm_card_chargeDeclined", null);
    assertProblem(declined, 402);
    assertThat(declined.json().getString("declineCode")).isEqualTo("card_declined");
    assertProblem(tip(fan.getString("token"), creator.getString("username"), 500, "pm_card_insufficientFunds", null), 402);
    assertThat(earnings(creator.getString("token")).getJsonObject("gross").getLong("amount")).isEqualTo(1000);

    JsonObject history = http.get("/api/v1/payments", "Authorization", "Bearer " + fan.getString("token")).json();
    assertThat(history.getJsonArray("items")).hasSize(3);
    assertThat(history.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("FAILED");
    List<String> journal = journalIds();
    history.getJsonArray("items").forEach(item -> {
      JsonObject payment = (JsonObject) item;
      boolean booked = journal.contains("payment:" + payment.getString("id"));
      assertThat(booked).as("payment %s (%s) booked", payment.getString("id"), payment.getString("status"))
          .isEqualTo("SUCCEEDED".equals(payment.getString("status")));
    });
    assertThat(reconciliation().getBoolean("balanced")).isTrue();
  }

  @Test
  void badTipsAre4xxAndNothingMoves() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String token = fan.getString("token");
    assertProblem(tip(token, creator.getString("username"), 50, "pm_card_visa", null), 400);
    assertProblem(tip(token, creator.getString("username"), 5_000_000, "pm_card_visa", null), 400);
    assertProblem(tip(token, creator.getString("username"), 1000, "pm_card_unknown", null), 400);
    assertProblem(tip(token, "nobody_" + UUID.randomUUID().toString().substring(0, 6), 1000, "pm_card_visa", null), 404);
    assertProblem(tip(token, fan.getString("username"), 1000, "pm_card_visa", null), 404);
    assertProblem(tip(creator.getString("token"), creator.getString("username"), 1000, "pm_card_visa", null), 409);
    assertProblem(http.post("/api/v1/tips", "application/json", new JsonObject().put("creator", creator.getString("username"))
        .put("amount", 10.5).put("paymentMethod", "pm_card_visa").encode(), "Authorization", "Bearer " + token), 400);
    assertProblem(http.post("/api/v1/tips", "application/json", "{}", "Authorization", "Bearer " + token), 400);
    assertProblem(http.post("/api/v1/tips", "application/json", "{}"), 401);
    assertThat(earnings(creator.getString("token")).getJsonObject("gross").getLong("amount")).isZero();
  }

  @Test
  void fiftyParallelRetriesOfOneTipChargeOnceAndFiftyDistinctTipsAllBook() throws Exception {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String key = UUID.randomUUID().toString();
    List<Http.Response> same = parallel(50, i -> tip(fan.getString("token"), creator.getString("username"), 700, "pm_card_visa", key));
    Set<String> ids = new HashSet<>();
    for (Http.Response r : same) {
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      ids.add(r.json().getString("id"));
    }
    assertThat(ids).hasSize(1);
    assertThat(earnings(creator.getString("token")).getJsonObject("gross").getLong("amount")).isEqualTo(700);
    long charges = Await.result(paymentsCount(fan.getString("id")));
    assertThat(charges).isEqualTo(1);
    assertProblem(tip(fan.getString("token"), creator.getString("username"), 701, "pm_card_visa", key), 409);

    List<Http.Response> distinct = parallel(50, i -> tip(fan.getString("token"), creator.getString("username"), 100 + i, "pm_card_visa",
        UUID.randomUUID().toString()));
    long expected = 700;
    for (int i = 0; i < 50; i++) {
      assertThat(distinct.get(i).status()).as(distinct.get(i).body()).isEqualTo(201);
      expected += 100 + i;
    }
    JsonObject earned = earnings(creator.getString("token"));
    assertThat(earned.getJsonObject("gross").getLong("amount")).isEqualTo(expected);
    assertThat(earned.getJsonObject("platformFee").getLong("amount") + earned.getJsonObject("net").getLong("amount")).isEqualTo(expected);
    assertThat(earned.getJsonObject("pending").getLong("amount") + earned.getJsonObject("available").getLong("amount"))
        .isEqualTo(earned.getJsonObject("net").getLong("amount"));
    assertThat(Await.result(paymentsCount(fan.getString("id")))).isEqualTo(51);
    assertThat(reconciliation().getBoolean("balanced")).isTrue();
  }

  static Future<Long> paymentsCount(String userId) {
    var mongo = dev.creatorhub.shared.mongo.Mongo.client(node.vertx(), node.config(), "payments-test");
    return mongo.count(PaymentsCollections.PAYMENTS, new JsonObject().put("userId", userId).put("status", "SUCCEEDED"));
  }

  static List<Http.Response> parallel(int n, java.util.function.IntFunction<Http.Response> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<java.util.concurrent.Future<Http.Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> call.apply(index)));
      }
      List<Http.Response> responses = new ArrayList<>();
      for (var f : futures) {
        responses.add(f.get());
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void payPerViewUnlocksForTheBuyerOnlyAndARefundLocksItAgain() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject buyer = TestAccounts.create(http, "SUBSCRIBER");
    JsonObject other = TestAccounts.create(http, "SUBSCRIBER");
    String postId = "post-" + UUID.randomUUID();
    posts.put(postId, new JsonObject().put("creatorId", creator.getString("id")).put("visibility", "PPV")
        .put("price", new JsonObject().put("amount", 1299).put("currency", "USD")));
    String freePost = "post-" + UUID.randomUUID();
    posts.put(freePost, new JsonObject().put("creatorId", creator.getString("id")).put("visibility", "PUBLIC"));

    assertThat(entitled(buyer.getString("id"), "PPV", postId)).isFalse();
    assertProblem(purchase(buyer, postId, "pm_card_chargeDeclined"), 402);
    assertThat(entitled(buyer.getString("id"), "PPV", postId)).isFalse();
    Http.Response bought = purchase(buyer, postId, "pm_card_mastercard");
    assertThat(bought.status()).as(bought.body()).isEqualTo(201);
    assertThat(bought.json().getJsonObject("amount").getLong("amount")).isEqualTo(1299);
    assertThat(entitled(buyer.getString("id"), "PPV", postId)).isTrue();
    assertThat(entitled(other.getString("id"), "PPV", postId)).isFalse();
    assertProblem(purchase(buyer, postId, "pm_card_visa"), 409);
    assertProblem(purchase(buyer, freePost, "pm_card_visa"), 409);
    assertProblem(purchase(creator, postId, "pm_card_visa"), 409);
    assertProblem(purchase(buyer, "post-missing", "pm_card_visa"), 404);

    String paymentId = bought.json().getString("id");
    assertProblem(http.post("/api/v1/admin/payments/" + paymentId + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + creator.getString("token")), 403);
    assertProblem(http.post("/api/v1/admin/payments/" + paymentId + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + buyer.getString("token")), 403);
    Http.Response refunded = http.post("/api/v1/admin/payments/" + paymentId + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + admin);
    assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
    assertThat(refunded.json().getString("status")).isEqualTo("REFUNDED");
    assertThat(entitled(buyer.getString("id"), "PPV", postId)).as(() -> "access after the refund answered: " + trail(paymentId)).isFalse();
    Http.Response again = http.post("/api/v1/admin/payments/" + paymentId + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + admin);
    assertThat(again.status()).isEqualTo(200);
    JsonObject earned = earnings(creator.getString("token"));
    assertThat(earned.getJsonObject("gross").getLong("amount")).isZero();
    assertThat(earned.getJsonObject("refunded").getLong("amount")).isEqualTo(1299);
    assertThat(earned.getJsonObject("pending").getLong("amount") + earned.getJsonObject("available").getLong("amount")).isZero();
    assertThat(reconciliation().getBoolean("balanced")).isTrue();
    assertProblem(http.post("/api/v1/admin/payments/nope/refund", "application/json", "{}", "Authorization", "Bearer " + admin), 404);
  }

  static Http.Response purchase(JsonObject who, String postId, String paymentMethod) {
    return http.post("/api/v1/posts/" + postId + "/purchase", "application/json",
        new JsonObject().put("paymentMethod", paymentMethod).encode(), "Authorization", "Bearer " + who.getString("token"));
  }

  @Test
  void earningsBecomeAvailableAfterTheHoldAndPayOutAboveTheMinimum() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    assertProblem(http.post("/api/v1/payouts", null, "", "Authorization", "Bearer " + creator.getString("token")), 409);
    long tippedAt = System.currentTimeMillis();
    assertThat(tip(fan.getString("token"), creator.getString("username"), 3000, "pm_card_visa", null).status()).isEqualTo(201);
    // While held, the creator sees when the money becomes available, and the payout minimum.
    JsonObject held = earnings(creator.getString("token"));
    assertThat(held.getJsonObject("minimumPayout").getLong("amount")).isEqualTo(2000);
    if (held.getJsonObject("pending").getLong("amount") > 0) {
      JsonObject release = held.getJsonArray("pendingReleases").getJsonObject(0);
      assertThat(release.getJsonObject("amount").getLong("amount")).isEqualTo(2400);
      assertThat(java.time.Instant.parse(release.getString("availableAt")).toEpochMilli()).isBetween(tippedAt + 1500, tippedAt + 3000);
    }
    Await.poll(() -> earnings(creator.getString("token")).getJsonObject("available").getLong("amount") == 2400,
        20_000, "release after the hold");
    assertThat(earnings(creator.getString("token")).getJsonObject("pending").getLong("amount")).isZero();

    assertProblem(http.post("/api/v1/payouts", null, "", "Authorization", "Bearer " + fan.getString("token")), 403);
    Http.Response noAccount = http.post("/api/v1/payouts", null, "", "Authorization", "Bearer " + creator.getString("token"));
    assertProblem(noAccount, 409);
    assertThat(noAccount.json().getString("payoutAccount")).isEqualTo("missing");
    JsonObject account = openPayoutAccount(creator, null);
    assertThat(account.getBoolean("payoutsEnabled")).isTrue();
    assertThat(account.getString("bankLast4")).isEqualTo("6789");
    Http.Response payout = http.post("/api/v1/payouts", null, "", "Authorization", "Bearer " + creator.getString("token"));
    assertThat(payout.status()).as(payout.body()).isEqualTo(201);
    assertThat(payout.json().getJsonObject("amount").getLong("amount")).isEqualTo(2400);
    JsonObject after = earnings(creator.getString("token"));
    assertThat(after.getJsonObject("available").getLong("amount")).isZero();
    assertThat(after.getJsonObject("paidOut").getLong("amount")).isEqualTo(2400);
    assertProblem(http.post("/api/v1/payouts", null, "", "Authorization", "Bearer " + creator.getString("token")), 409);

    // A refund after the payout takes the creator's share back from future earnings (negative balance).
    String paymentId = http.get("/api/v1/payments", "Authorization", "Bearer " + fan.getString("token")).json()
        .getJsonArray("items").getJsonObject(0).getString("id");
    assertThat(http.post("/api/v1/admin/payments/" + paymentId + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + admin).status()).isEqualTo(200);
    assertThat(earnings(creator.getString("token")).getJsonObject("available").getLong("amount")).isEqualTo(-2400);
    assertThat(reconciliation().getBoolean("balanced")).isTrue();
  }

  static JsonObject openPayoutAccount(JsonObject creator, String bankAccount) {
    Http.Response r = bankAccount == null
        ? http.post("/api/v1/creators/me/payout-account", null, "", "Authorization", "Bearer " + creator.getString("token"))
        : http.post("/api/v1/creators/me/payout-account", "application/json", new JsonObject().put("bankAccount", bankAccount).encode(),
            "Authorization", "Bearer " + creator.getString("token"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void aPayoutTheBankRefusesIsNotPaidAndTheMoneyIsAvailableAgain() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String bearer = "Bearer " + creator.getString("token");
    assertProblem(http.post("/api/v1/creators/me/payout-account", "application/json", "{\"bankAccount\":\"12ab\"}",
        "Authorization", bearer), 400);
    assertThat(openPayoutAccount(creator, "000111111116").getString("bankLast4")).isEqualTo("1116");
    assertThat(tip(fan.getString("token"), creator.getString("username"), 3000, "pm_card_visa", null).status()).isEqualTo(201);
    Await.poll(() -> earnings(creator.getString("token")).getJsonObject("available").getLong("amount") == 2400, 20_000, "release");

    Http.Response refused = http.post("/api/v1/payouts", null, "", "Authorization", bearer);
    assertProblem(refused, 409);
    assertThat(refused.json().getString("failureCode")).isEqualTo("no_account");
    JsonObject after = earnings(creator.getString("token"));
    assertThat(after.getJsonObject("available").getLong("amount")).isEqualTo(2400);
    assertThat(after.getJsonObject("paidOut").getLong("amount")).isZero();
    assertThat(after.getJsonObject("payoutsInFlight").getLong("amount")).isZero();
    assertThat(journalIds()).contains("payout-reserve:" + refused.json().getString("payoutId"),
        "payout-release:" + refused.json().getString("payoutId"));

    // A working bank account: the same balance pays out once.
    openPayoutAccount(creator, "000123456789");
    Http.Response paid = http.post("/api/v1/payouts", null, "", "Authorization", bearer);
    assertThat(paid.status()).as(paid.body()).isEqualTo(201);
    assertThat(paid.json().getString("status")).isEqualTo("PAID");
    JsonArray payouts = http.get("/api/v1/payouts", "Authorization", bearer).json().getJsonArray("items");
    assertThat(payouts.stream().map(p -> ((JsonObject) p).getString("status")).toList()).containsExactly("PAID", "FAILED");
    assertThat(earnings(creator.getString("token")).getJsonObject("paidOut").getLong("amount")).isEqualTo(2400);
    assertProblem(http.get("/api/v1/payouts", "Authorization", "Bearer " + fan.getString("token")), 403);
    JsonObject report = reconciliation();
    assertThat(report.getBoolean("balanced")).isTrue();
    assertThat(report.getJsonObject("payoutsInFlight").getBoolean("matchesLedger")).as(report.encode()).isTrue();
  }

  @Test
  void nobodyReadsSomeoneElsesMoney() {
    JsonObject creatorA = TestAccounts.create(http, "CREATOR");
    JsonObject creatorB = TestAccounts.create(http, "CREATOR");
    JsonObject fanA = TestAccounts.create(http, "SUBSCRIBER");
    JsonObject fanB = TestAccounts.create(http, "SUBSCRIBER");
    assertThat(tip(fanA.getString("token"), creatorA.getString("username"), 1500, "pm_card_visa", null).status()).isEqualTo(201);
    JsonObject historyB = http.get("/api/v1/payments", "Authorization", "Bearer " + fanB.getString("token")).json();
    assertThat(historyB.getJsonArray("items")).isEmpty();
    assertThat(earnings(creatorB.getString("token")).getJsonObject("gross").getLong("amount")).isZero();
    assertThat(earnings(creatorA.getString("token")).getJsonObject("gross").getLong("amount")).isEqualTo(1500);
    assertProblem(http.get("/api/v1/earnings", "Authorization", "Bearer " + fanA.getString("token")), 403);
    assertProblem(http.get("/api/v1/admin/ledger/reconciliation", "Authorization", "Bearer " + creatorA.getString("token")), 403);
    assertProblem(http.get("/api/v1/payments"), 401);
  }

  // ---- webhooks ------------------------------------------------------------------------------

  static Http.Response deliver(String payload, String signature) {
    return signature == null ? http.post("/api/v1/webhooks/stripe", "application/json", payload)
        : http.post("/api/v1/webhooks/stripe", "application/json", payload, "Stripe-Signature", signature);
  }

  static String sign(String payload, long timestamp) {
    try {
      return com.stripe.net.Webhook.Signature.generateSignatureHeader(payload, TestNodes.WEBHOOK_SECRET, timestamp);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> journalIds() {
    var mongo = dev.creatorhub.shared.mongo.Mongo.client(node.vertx(), node.config(), "payments-test");
    return Await.result(mongo.findWithOptions(Ledger.JOURNAL, new JsonObject(),
        new io.vertx.ext.mongo.FindOptions().setFields(new JsonObject().put("_id", 1)))).stream()
        .map(d -> d.getString("_id")).sorted().toList();
  }

  @Test
  void aDisputedChargeIsChargedBackThroughTheLedger() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    Http.Response paid = tip(fan.getString("token"), creator.getString("username"), 2500, "pm_card_chargeDisputed", null);
    assertThat(paid.status()).as(paid.body()).isEqualTo(201);
    Await.poll(() -> "DISPUTED".equals(http.get("/api/v1/payments", "Authorization", "Bearer " + fan.getString("token")).json()
        .getJsonArray("items").getJsonObject(0).getString("status")), 20_000, "the sandbox's dispute webhook");
    JsonObject earned = earnings(creator.getString("token"));
    assertThat(earned.getJsonObject("chargedBack").getLong("amount")).isEqualTo(2500);
    assertThat(earned.getJsonObject("gross").getLong("amount")).isZero();
    assertThat(earned.getJsonObject("pending").getLong("amount") + earned.getJsonObject("available").getLong("amount")).isZero();
    assertThat(reconciliation().getBoolean("balanced")).isTrue();
  }

  @Test
  void signedButForgedRefundsAndDisputesAreNotAppliedWithoutTheProvidersWord() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    Http.Response paid = tip(fan.getString("token"), creator.getString("username"), 1800, "pm_card_visa", null);
    assertThat(paid.status()).as(paid.body()).isEqualTo(201);
    String paymentId = paid.json().getString("id");
    String charge = paid.json().getJsonObject("receipt").getString("charge");
    JsonObject metadata = new JsonObject().put("paymentId", paymentId);
    for (JsonObject forged : List.of(
        new JsonObject().put("type", "charge.dispute.created").put("object", new JsonObject().put("id", "dp_forged_" + UUID.randomUUID())
            .put("object", "dispute").put("charge", charge).put("payment_intent", charge).put("amount", 1800).put("metadata", metadata)),
        new JsonObject().put("type", "charge.refunded").put("object", new JsonObject().put("id", charge).put("object", "charge")
            .put("payment_intent", charge).put("refunded", true).put("amount_refunded", 1800).put("metadata", metadata)),
        new JsonObject().put("type", "payment_intent.payment_failed").put("object", new JsonObject().put("id", charge)
            .put("object", "payment_intent").put("metadata", metadata)))) {
      String payload = new JsonObject().put("id", "evt_forged_" + UUID.randomUUID()).put("type", forged.getString("type"))
          .put("created", System.currentTimeMillis() / 1000).put("data", new JsonObject().put("object", forged.getJsonObject("object"))).encode();
      assertThat(deliver(payload, sign(payload, System.currentTimeMillis() / 1000)).status()).isEqualTo(200);
    }
    JsonObject receipt = http.get("/api/v1/payments", "Authorization", "Bearer " + fan.getString("token")).json()
        .getJsonArray("items").getJsonObject(0);
    assertThat(receipt.getString("status")).isEqualTo("SUCCEEDED");
    JsonObject earned = earnings(creator.getString("token"));
    assertThat(earned.getJsonObject("gross").getLong("amount")).isEqualTo(1800);
    assertThat(earned.getJsonObject("chargedBack").getLong("amount")).isZero();
    assertThat(journalIds()).doesNotContain("chargeback:" + paymentId, "refund:" + paymentId);
  }

  @Test
  void webhooksMustBeSignedRecentAndCountOnce() {
    String payload = new JsonObject().put("id", "evt_" + UUID.randomUUID()).put("type", "payment_intent.succeeded")
        .put("data", new JsonObject().put("object", new JsonObject().put("id", "pi_unknown"))).encode();
    assertProblem(deliver(payload, null), 400);
    assertProblem(deliver(payload, "t=123,v1=deadbeef"), 400);
    assertProblem(deliver(payload, sign(payload, System.currentTimeMillis() / 1000 - 3600)), 400);
    assertProblem(deliver(payload.replace("pi_unknown", "pi_tampered"), sign(payload, System.currentTimeMillis() / 1000)), 400);
    Http.Response first = deliver(payload, sign(payload, System.currentTimeMillis() / 1000));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    Http.Response again = deliver(payload, sign(payload, System.currentTimeMillis() / 1000));
    assertThat(again.json().getBoolean("duplicate")).isTrue();
  }

  @Test
  void lateOrRepeatedEventsChangeNothingAndTheWholeLogReplayedShuffledGivesTheSameLedger() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    for (int i = 0; i < 5; i++) {
      assertThat(tip(fan.getString("token"), creator.getString("username"), 300 + i, "pm_card_visa", null).status()).isEqualTo(201);
    }
    JsonArray paid = http.get("/api/v1/payments", "Authorization", "Bearer " + fan.getString("token")).json().getJsonArray("items");
    String refunded = paid.getJsonObject(0).getString("id");
    assertThat(http.post("/api/v1/admin/payments/" + refunded + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + admin).status()).isEqualTo(200);
    // The sandbox logs its events after answering: wait for this test's six (five successes, one refund).
    var events = dev.creatorhub.shared.mongo.Mongo.client(node.vertx(), node.config(), "payments-test");
    String refundedCharge = Await.result(events.findOne(PaymentsCollections.PAYMENTS, new JsonObject().put("_id", refunded), null))
        .getString("chargeId");
    JsonObject successes = new JsonObject().put("event.type", "payment_intent.succeeded").put("event.data.object.metadata.paymentId",
        new JsonObject().put("$in", new JsonArray(paid.stream().map(p -> ((JsonObject) p).getString("id")).toList())));
    JsonObject refund = new JsonObject().put("event.type", "charge.refunded").put("event.data.object.id", refundedCharge);
    Await.poll(() -> Await.result(events.count(SandboxRecords.EVENTS, successes)) == 5
        && Await.result(events.count(SandboxRecords.EVENTS, refund)) == 1, 20_000, "the sandbox's events of this test");
    // Releases after the holding period keep happening meanwhile; they are not webhook effects.
    List<String> before = journalIds().stream().filter(id -> !id.startsWith("release:")).toList();
    JsonObject earnedBefore = moneyTotals(earnings(creator.getString("token")));

    // A late success for the refunded payment, signed and new: nothing moves.
    String late = new JsonObject().put("id", "evt_late_" + UUID.randomUUID()).put("type", "payment_intent.succeeded")
        .put("data", new JsonObject().put("object", new JsonObject().put("id", "x").put("metadata", new JsonObject().put("paymentId", refunded))))
        .encode();
    assertThat(deliver(late, sign(late, System.currentTimeMillis() / 1000)).status()).isEqualTo(200);

    // Forget which events were applied, then replay the provider's whole log in a random order.
    var mongo = dev.creatorhub.shared.mongo.Mongo.client(node.vertx(), node.config(), "payments-test");
    List<JsonObject> log = new ArrayList<>(Await.result(mongo.find(SandboxRecords.EVENTS, new JsonObject())));
    long seed = System.nanoTime();
    java.util.Collections.shuffle(log, new java.util.Random(seed));
    Await.result(mongo.removeDocuments(PaymentsCollections.WEBHOOK_EVENTS, new JsonObject()));
    for (JsonObject entry : log) {
      String payload = entry.getJsonObject("event").encode();
      Http.Response r = deliver(payload, sign(payload, System.currentTimeMillis() / 1000));
      assertThat(r.status()).as("seed " + seed + ": " + r.body()).isEqualTo(200);
    }
    assertThat(journalIds().stream().filter(id -> !id.startsWith("release:")).toList()).as("seed " + seed).isEqualTo(before);
    assertThat(moneyTotals(earnings(creator.getString("token")))).as("seed " + seed).isEqualTo(earnedBefore);
    assertThat(reconciliation().getBoolean("balanced")).isTrue();
  }

  /** Earnings without the pending/available split, which the holding period moves on its own. */
  static JsonObject moneyTotals(JsonObject earnings) {
    return new JsonObject().put("gross", earnings.getJsonObject("gross")).put("fee", earnings.getJsonObject("platformFee"))
        .put("net", earnings.getJsonObject("net")).put("refunded", earnings.getJsonObject("refunded"))
        .put("chargedBack", earnings.getJsonObject("chargedBack")).put("paidOut", earnings.getJsonObject("paidOut"))
        .put("balance", earnings.getJsonObject("pending").getLong("amount") + earnings.getJsonObject("available").getLong("amount"));
  }

  @Test
  void aPaymentInterruptedAfterTheChargeIsFinishedOnceAndOneNeverChargedFails() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    var mongo = dev.creatorhub.shared.mongo.Mongo.client(node.vertx(), node.config(), "payments-test");
    // As a crash leaves them: the payment written, the card charged, nothing booked; and one never charged.
    String charged = UUID.randomUUID().toString();
    String notCharged = UUID.randomUUID().toString();
    String old = java.time.Instant.now().minusSeconds(120).toString();
    // The charge first: the sweep (every 200 ms here) may look at the payments as soon as they exist.
    Await.result(mongo.insert(SandboxRecords.CHARGES, new JsonObject().put("_id", "pay_" + charged).put("chargeId", "ch_crash_" + charged)
        .put("status", "succeeded").put("amount", 1000L).put("currency", "USD").put("paymentMethod", "pm_card_visa")));
    for (String id : List.of(charged, notCharged)) {
      Await.result(mongo.insert(PaymentsCollections.PAYMENTS, new JsonObject().put("_id", id).put("userId", fan.getString("id"))
          .put("creatorId", creator.getString("id")).put("type", "TIP").put("amount", 1000L).put("fee", 200L).put("net", 800L)
          .put("currency", "USD").put("status", "PENDING").put("paymentMethod", "pm_card_visa").put("refs", new JsonObject())
          .put("released", false).put("createdAt", old)));
    }
    Await.poll(() -> Await.result(mongo.findOne(PaymentsCollections.PAYMENTS, new JsonObject().put("_id", notCharged), null))
        .getString("status").equals("FAILED"), 20_000, "the uncharged payment failed");
    Await.poll(() -> earnings(creator.getString("token")).getJsonObject("gross").getLong("amount") == 1000, 20_000, "the charged one booked");
    assertThat(journalIds()).contains("payment:" + charged).doesNotContain("payment:" + notCharged);
    assertThat(reconciliation().getBoolean("balanced")).isTrue();
  }

  @Test
  void aPayoutInterruptedByACrashIsPaidAndBookedOnce() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String accountId = openPayoutAccount(creator, null).getString("accountId");
    assertThat(tip(fan.getString("token"), creator.getString("username"), 5000, "pm_card_visa", null).status()).isEqualTo(201);
    Await.poll(() -> earnings(creator.getString("token")).getJsonObject("available").getLong("amount") == 4000, 20_000, "release");
    var mongo = dev.creatorhub.shared.mongo.Mongo.client(node.vertx(), node.config(), "payments-test");
    Ledger ledger = new Ledger(node.vertx(), mongo);
    String old = java.time.Instant.now().minusSeconds(120).toString();
    // As crashes leave them: (1) reserved and recorded, the lock held, nothing sent; (2) reserved only.
    String recorded = UUID.randomUUID().toString();
    String reservedOnly = UUID.randomUUID().toString();
    for (String id : List.of(recorded, reservedOnly)) {
      Await.result(ledger.post(JournalEntry.builder("payout-reserve:" + id, Payouts.RESERVE, "USD")
          .post(Accounts.creatorAvailable(creator.getString("id")), -2000).post(Accounts.creatorPayoutsInFlight(creator.getString("id")), 2000)
          .ref("payoutId", id).ref("creatorId", creator.getString("id")).ref("accountId", accountId).ref("amount", "2000")
          .ref("createdAt", old).build()));
    }
    Await.result(mongo.updateCollection(Ledger.JOURNAL, new JsonObject().put("type", Payouts.RESERVE)
        .put("refs.creatorId", creator.getString("id")), new JsonObject().put("$set", new JsonObject().put("createdAt", old))));
    Await.result(mongo.insert(PaymentsCollections.PAYOUTS, new JsonObject().put("_id", recorded).put("creatorId", creator.getString("id"))
        .put("amount", 2000L).put("currency", "USD").put("accountId", accountId).put("status", "PENDING").put("createdAt", old)));
    Await.result(mongo.insert(PaymentsCollections.PAYOUT_LOCKS, new JsonObject().put("_id", creator.getString("id"))
        .put("at", System.currentTimeMillis() - 120_000)));
    // A payout is PAID (what paidOut sums) a moment before its entry is booked: wait for both.
    Await.poll(() -> earnings(creator.getString("token")).getJsonObject("paidOut").getLong("amount") == 4000
        && journalIds().containsAll(List.of("payout:" + recorded, "payout:" + reservedOnly)), 20_000, "re-driven payouts, booked");
    JsonObject after = earnings(creator.getString("token"));
    assertThat(after.getJsonObject("available").getLong("amount")).isZero();
    assertThat(after.getJsonObject("payoutsInFlight").getLong("amount")).isZero();
    // The stale lock does not block the creator's next payout request (it answers: below the minimum).
    Http.Response next = http.post("/api/v1/payouts", null, "", "Authorization", "Bearer " + creator.getString("token"));
    assertProblem(next, 409);
    assertThat(next.json().getString("detail")).contains("minimum");
    assertThat(reconciliation().getBoolean("clean")).as(reconciliation().encode()).isTrue();
  }

}
