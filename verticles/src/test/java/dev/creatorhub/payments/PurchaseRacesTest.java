package dev.creatorhub.payments;

import dev.creatorhub.payments.store.PaymentsCollections;
import dev.creatorhub.payments.store.Ledger;
import dev.creatorhub.payments.store.Accounts;
import dev.creatorhub.node.Node;
import dev.creatorhub.devstack.Ports;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fan buys one offer once, whatever the clients send: many parallel purchases of one PPV post or
 * one stream ticket, through two nodes that both run the payments domain, without keys, with one
 * key each and with a shared key. The invariant is checked in the store (one kept payment, the fan
 * charged once), not by counting 201s.
 */
@Timeout(240)
class PurchaseRacesTest {

  static Node a;
  static Node b;
  static Http httpA;
  static Http httpB;
  static MongoClient mongo;
  static String admin;
  static final Map<String, JsonObject> offers = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    JsonObject configA = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1).put("outbox-relay", 1));
    JsonObject configB = configA.copy().put("deploy", new JsonObject().put("gateway", 1).put("payments", 1));
    configB.getJsonObject("http").put("port", Ports.free());
    a = TestNodes.start(configA, false);
    b = TestNodes.start(configB, false);
    httpA = new Http(configA.getJsonObject("http").getInteger("port"));
    httpB = new Http(configB.getJsonObject("http").getInteger("port"));
    mongo = Mongo.client(a.vertx(), a.config(), "purchase-races-test");
    admin = TestAccounts.login(httpA, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
    // Stand-ins for the content and live domains' offers, on both nodes.
    for (Node node : List.of(a, b)) {
      for (String address : List.of(dev.creatorhub.content.api.ContentClient.POST_OFFER, dev.creatorhub.live.api.LiveClient.STREAM_OFFER)) {
        Await.result(node.vertx().eventBus().<JsonObject>consumer(address, msg -> {
          JsonObject offer = offers.get(msg.body().getString(address.startsWith("content") ? "postId" : "streamId"));
          if (offer == null) {
            msg.fail(404, "no such offer");
          } else {
            msg.reply(offer);
          }
        }).completion());
      }
    }
  }

  @AfterAll
  static void stop() {
    Await.result(b.stop());
    Await.result(a.stop());
  }

  static Http.Response buy(int i, JsonObject fan, String path, String key) {
    Http http = i % 2 == 0 ? httpA : httpB;
    List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + fan.getString("token")));
    if (key != null) {
      headers.addAll(List.of("Idempotency-Key", key));
    }
    return http.post(path, "application/json", new JsonObject().put("paymentMethod", "pm_card_visa").encode(),
        headers.toArray(String[]::new));
  }

  static List<Http.Response> parallel(int n, IntFunction<Http.Response> call) throws Exception {
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

  static List<JsonObject> kept(String fanId, String type) {
    return Await.result(mongo.find(PaymentsCollections.PAYMENTS, new JsonObject().put("userId", fanId).put("type", type)
        .put("status", "SUCCEEDED")));
  }

  static long charged(String fanId) {
    return -Await.result(new Ledger(a.vertx(), mongo).balances(List.of(Accounts.fanFunding(fanId)))).get(Accounts.fanFunding(fanId));
  }

  /** Every answer is the winner's 201 or a 409 that names the winning payment; never a 5xx. */
  static void assertOneWinner(List<Http.Response> responses, String winner) {
    for (Http.Response r : responses) {
      assertThat(r.status()).as(r.body()).isIn(201, 409);
      if (r.status() == 201) {
        assertThat(r.json().getString("id")).isEqualTo(winner);
      } else {
        assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      }
    }
  }

  @Test
  void manyParallelPurchasesOfOnePostThroughTwoNodesChargeOnceWithAndWithoutKeys() throws Exception {
    JsonObject creator = TestAccounts.create(httpA, "CREATOR");
    JsonObject fan = TestAccounts.create(httpA, "SUBSCRIBER");
    String postId = "post-" + UUID.randomUUID();
    offers.put(postId, new JsonObject().put("creatorId", creator.getString("id")).put("visibility", "PPV")
        .put("price", new JsonObject().put("amount", 999).put("currency", "USD")));
    String path = "/api/v1/posts/" + postId + "/purchase";
    String shared = UUID.randomUUID().toString();
    // 30 without a key, 10 with a key each (two clicks of the old web app), 10 sharing one key (a retried request).
    List<Http.Response> responses = parallel(50, i -> buy(i, fan, path, i < 30 ? null : i < 40 ? UUID.randomUUID().toString() : shared));

    List<JsonObject> payments = kept(fan.getString("id"), "PPV");
    assertThat(payments).as("kept payments for one post").hasSize(1);
    assertThat(charged(fan.getString("id"))).isEqualTo(999);
    assertOneWinner(responses, payments.get(0).getString("_id"));
    assertThat(responses.stream().filter(r -> r.status() == 409).map(r -> r.json().getString("detail")))
        .allMatch(d -> d.equals("You already have access.") || d.equals("A purchase of this is already in progress."));
    assertThat(buy(0, fan, path, null).json().getString("detail")).isEqualTo("You already have access.");
    JsonObject report = httpA.get("/api/v1/admin/ledger/reconciliation", "Authorization", "Bearer " + admin).json();
    assertThat(report.getJsonObject("duplicatePurchases").getInteger("count")).as(report.encode()).isZero();
    assertThat(report.getBoolean("balanced")).isTrue();

    // A refund gives the offer back: the fan may buy it again, once.
    String refunded = payments.get(0).getString("_id");
    assertThat(httpB.post("/api/v1/admin/payments/" + refunded + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + admin).status()).isEqualTo(200);
    List<Http.Response> rebuys = parallel(10, i -> buy(i, fan, path, null));
    List<JsonObject> after = kept(fan.getString("id"), "PPV");
    assertThat(after).hasSize(1);
    assertThat(after.get(0).getString("_id")).isNotEqualTo(refunded);
    assertOneWinner(rebuys, after.get(0).getString("_id"));
    assertThat(charged(fan.getString("id"))).isEqualTo(999);
  }

  @Test
  void aDeclinedPurchaseLeavesTheOfferFreeAndParallelTicketsChargeOnce() throws Exception {
    JsonObject creator = TestAccounts.create(httpA, "CREATOR");
    JsonObject fan = TestAccounts.create(httpA, "SUBSCRIBER");
    String streamId = UUID.randomUUID().toString();
    offers.put(streamId, new JsonObject().put("creatorId", creator.getString("id")).put("access", "TICKET")
        .put("ticketPrice", new JsonObject().put("amount", 1500).put("currency", "USD")));
    String path = "/api/v1/streams/" + streamId + "/tickets";
    Http.Response declined = httpA.post(path, "application/json", new JsonObject().put("paymentMethod", "pm_card_chargeDeclined").encode(),
        "Authorization", "Bearer " + fan.getString("token"));
    assertThat(declined.status()).as(declined.body()).isEqualTo(402);

    List<Http.Response> responses = parallel(20, i -> buy(i, fan, path, i % 3 == 0 ? null : UUID.randomUUID().toString()));
    List<JsonObject> payments = kept(fan.getString("id"), "TICKET");
    assertThat(payments).hasSize(1);
    assertOneWinner(responses, payments.get(0).getString("_id"));
    assertThat(charged(fan.getString("id"))).isEqualTo(1500);
  }
}
