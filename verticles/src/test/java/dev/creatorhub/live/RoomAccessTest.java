package dev.creatorhub.live;

import dev.creatorhub.node.Node;
import dev.creatorhub.devstack.Ports;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestTokens;
import dev.creatorhub.testing.BridgeClient;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room access ends when the right that opened it ends, on every node, with a reason frame: a refunded
 * ticket, a charged-back or refunded subscription, a suspension, a logout, an expired token (unless the
 * client sends a fresh one). Node A runs every domain, node B a gateway and a live verticle; each fan
 * listens through a socket on each node.
 */
@Timeout(240)
class RoomAccessTest {

  static Node a;
  static Node b;
  static Http httpA;
  static int portA;
  static int portB;
  static JsonObject configA;
  static String admin;

  @BeforeAll
  static void start() {
    configA = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1)
        .put("subscriptions", 1).put("live", 1).put("outbox-relay", 1));
    configA.getJsonObject("live").put("viewersPushMs", 300);
    // Long enough for the fans to be listening before the sandbox disputes a charge.
    configA.getJsonObject("payments").getJsonObject("sandbox").put("disputeDelayMs", 2500);
    JsonObject configB = configA.copy().put("deploy", new JsonObject().put("gateway", 1).put("live", 1));
    configB.getJsonObject("http").put("port", Ports.free());
    a = TestNodes.start(configA, false);
    b = TestNodes.start(configB, false);
    portA = configA.getJsonObject("http").getInteger("port");
    portB = configB.getJsonObject("http").getInteger("port");
    httpA = new Http(portA);
    admin = TestAccounts.login(httpA, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    Await.result(b.stop());
    Await.result(a.stop());
  }

  static JsonObject auth(String token) {
    return new JsonObject().put("Authorization", "Bearer " + token);
  }

  static JsonObject stream(JsonObject creator, JsonObject body) {
    Http.Response created = httpA.post("/api/v1/streams", "application/json", body.encode(), "Authorization", "Bearer " + creator.getString("token"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(httpA.post("/api/v1/streams/" + id + "/start", null, "", "Authorization", "Bearer " + creator.getString("token")).status())
        .isEqualTo(200);
    return created.json();
  }

  /** A socket on each node listening to the room (each heard the room before returning). */
  static List<BridgeClient> listenOnBothNodes(String streamId, String token) {
    List<BridgeClient> sockets = List.of(BridgeClient.connect(a.vertx(), portA, null), BridgeClient.connect(a.vertx(), portB, null));
    for (BridgeClient socket : sockets) {
      socket.register("live.room." + streamId, auth(token));
      assertThat(socket.next(f -> "rec".equals(f.getString("type")), 10_000)).as("the room is heard").isNotNull();
    }
    return sockets;
  }

  static void assertEnded(List<BridgeClient> sockets, String streamId, String reason) {
    for (BridgeClient socket : sockets) {
      JsonObject ended = socket.next(f -> "err".equals(f.getString("type")), 15_000);
      assertThat(ended).as("an end frame (%s)", reason).isNotNull();
      assertThat(ended.getString("address")).isEqualTo("live.room." + streamId);
      assertThat(ended.getString("message")).isEqualTo(reason);
      // Nothing more of the room reaches it (the room pushes its viewer count every 300 ms).
      assertThat(socket.received(900)).filteredOn(f -> ("live.room." + streamId).equals(f.getString("address"))
          && "rec".equals(f.getString("type"))).as("room traffic after the end").isEmpty();
    }
  }

  static String paymentOf(JsonObject fan, String type) {
    JsonArray items = httpA.get("/api/v1/payments", "Authorization", "Bearer " + fan.getString("token")).json().getJsonArray("items");
    return items.stream().map(i -> (JsonObject) i).filter(p -> type.equals(p.getString("type")) && "SUCCEEDED".equals(p.getString("status")))
        .findFirst().orElseThrow().getString("id");
  }

  @Test
  void aRefundedTicketEndsTheRoomOnBothNodes() {
    JsonObject creator = TestAccounts.create(httpA, "CREATOR");
    JsonObject fan = TestAccounts.create(httpA, "SUBSCRIBER");
    String id = stream(creator, new JsonObject().put("title", "Ticketed").put("access", "TICKET")
        .put("ticketPrice", new JsonObject().put("amount", 500).put("currency", "USD"))).getString("id");
    assertThat(httpA.post("/api/v1/streams/" + id + "/tickets", "application/json", "{\"paymentMethod\":\"pm_card_visa\"}",
        "Authorization", "Bearer " + fan.getString("token")).status()).isEqualTo(201);
    List<BridgeClient> sockets = listenOnBothNodes(id, fan.getString("token"));
    try {
      assertThat(httpA.post("/api/v1/admin/payments/" + paymentOf(fan, "TICKET") + "/refund", "application/json", "{}",
          "Authorization", "Bearer " + admin).status()).isEqualTo(200);
      assertEnded(sockets, id, "access_ended");
    } finally {
      sockets.forEach(BridgeClient::close);
    }
  }

  @Test
  void aChargedBackSubscriptionEndsTheSubscribersRoom() {
    JsonObject creator = TestAccounts.creator(httpA, 999, new JsonArray(), 0);
    JsonObject fan = TestAccounts.create(httpA, "SUBSCRIBER");
    String id = stream(creator, new JsonObject().put("title", "Subscribers").put("access", "SUBSCRIBERS")).getString("id");
    // The sandbox disputes this card's charge shortly after it succeeds.
    Http.Response subscribed = httpA.post("/api/v1/creators/" + creator.getString("username") + "/subscriptions", "application/json",
        "{\"paymentMethod\":\"pm_card_chargeDisputed\"}", "Authorization", "Bearer " + fan.getString("token"));
    assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
    List<BridgeClient> sockets = listenOnBothNodes(id, fan.getString("token"));
    try {
      assertEnded(sockets, id, "access_ended");
    } finally {
      sockets.forEach(BridgeClient::close);
    }
  }

  @Test
  void aSuspensionOrALogoutEndsTheRoomsOfThatSession() {
    JsonObject creator = TestAccounts.create(httpA, "CREATOR");
    String id = stream(creator, new JsonObject().put("title", "Public").put("access", "PUBLIC")).getString("id");

    JsonObject leaving = TestAccounts.create(httpA, "SUBSCRIBER");
    List<BridgeClient> loggedOut = listenOnBothNodes(id, leaving.getString("token"));
    JsonObject suspended = TestAccounts.create(httpA, "SUBSCRIBER");
    List<BridgeClient> banished = listenOnBothNodes(id, suspended.getString("token"));
    JsonObject staying = TestAccounts.create(httpA, "SUBSCRIBER");
    List<BridgeClient> stays = listenOnBothNodes(id, staying.getString("token"));
    try {
      assertThat(httpA.post("/api/v1/auth/logout", null, "", "Authorization", "Bearer " + leaving.getString("token")).status()).isEqualTo(204);
      assertEnded(loggedOut, id, "session_ended");
      assertThat(httpA.post("/api/v1/admin/users/" + suspended.getString("id") + "/suspend", "application/json",
          "{\"suspended\":true,\"reason\":\"test\"}", "Authorization", "Bearer " + admin).status()).isEqualTo(200);
      assertEnded(banished, id, "session_ended");
      for (BridgeClient socket : stays) {
        assertThat(socket.next(f -> "err".equals(f.getString("type")), 300)).as("another user's room").isNull();
        assertThat(socket.next(f -> "rec".equals(f.getString("type")), 5000)).as("still hears the room").isNotNull();
      }
    } finally {
      List.of(loggedOut, banished, stays).forEach(list -> list.forEach(BridgeClient::close));
    }
  }

  @Test
  void aRegistrationEndsWhenItsTokenExpiresUnlessTheClientSendsAFreshOne() {
    JsonObject creator = TestAccounts.create(httpA, "CREATOR");
    JsonObject fan = TestAccounts.create(httpA, "SUBSCRIBER");
    String id = stream(creator, new JsonObject().put("title", "Expiry").put("access", "PUBLIC")).getString("id");
    String shortLived = TestTokens.issue(a.vertx(), configA, fan.getString("id"), "SUBSCRIBER", new JWTOptions().setExpiresInSeconds(3));
    List<BridgeClient> sockets = listenOnBothNodes(id, shortLived);
    BridgeClient refreshing = sockets.get(1);
    try {
      String reply = "auth-" + UUID.randomUUID();
      refreshing.send("bridge.auth", auth(fan.getString("token")), new JsonObject(), reply);
      JsonObject refreshed = refreshing.next(f -> reply.equals(f.getString("address")), 5000);
      assertThat(refreshed.getString("type")).as(refreshed.encode()).isEqualTo("rec");
      assertThat(refreshed.getJsonObject("body").getLong("expiresAt")).isGreaterThan(System.currentTimeMillis() + 60_000);

      assertEnded(List.of(sockets.get(0)), id, "token_expired");
      assertThat(refreshing.next(f -> "err".equals(f.getString("type")), 2000)).as("the refreshed socket").isNull();
      assertThat(refreshing.next(f -> "rec".equals(f.getString("type")), 5000)).isNotNull();

      // Another user's token on that socket is refused.
      JsonObject other = TestAccounts.create(httpA, "SUBSCRIBER");
      String again = "auth-" + UUID.randomUUID();
      refreshing.send("bridge.auth", auth(other.getString("token")), new JsonObject(), again);
      assertThat(refreshing.next(f -> again.equals(f.getString("address")), 5000).getString("type")).isEqualTo("err");
    } finally {
      sockets.forEach(BridgeClient::close);
    }
  }
}
