package dev.creatorhub.gateway;

import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.node.Node;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestTokens;
import dev.creatorhub.testing.BridgeClient;
import dev.creatorhub.testing.TestDomainVerticle;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SockJS event-bus bridge is deny-by-default and trusts only verified identities. */
@Timeout(120)
class BridgeTest {

  private static Node node;
  private static JsonObject config;
  private static int port;
  private static final AtomicInteger secretHits = new AtomicInteger();

  @BeforeAll
  static void start() {
    config = TestNodes.config(1);
    node = TestNodes.start(config, true);
    port = config.getJsonObject("http").getInteger("port");
    Await.result(node.vertx().eventBus().consumer("test.secret.count", msg -> secretHits.incrementAndGet()).completion());
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
  }

  private static JsonObject auth(String userId) {
    return new JsonObject().put("Authorization", "Bearer " + TestTokens.issue(node.vertx(), config, userId, "SUBSCRIBER"));
  }

  @Test
  void sendWithAValidTokenReachesTheDomainWithTheVerifiedIdentityOnly() {
    try (BridgeClient client = BridgeClient.connect(node.vertx(), port, null)) {
      JsonObject headers = auth("fan-1").put(BusHeaders.USER_ID, "someone-else").put(BusHeaders.USER_ROLE, "ADMIN")
          .put("userId", "someone-else");
      client.send(TestDomainVerticle.ECHO, headers, new JsonObject().put("hello", "room"), "reply-1");
      JsonObject reply = client.next(5000);
      assertThat(reply).isNotNull();
      assertThat(reply.getString("address")).isEqualTo("reply-1");
      JsonObject received = reply.getJsonObject("body").getJsonObject("headers");
      assertThat(received.getString(BusHeaders.USER_ID)).isEqualTo("fan-1");
      assertThat(received.getString(BusHeaders.USER_ROLE)).isEqualTo("SUBSCRIBER");
      assertThat(received.containsKey("userId")).isFalse();
      // The headers a REST request carries: the client's address and a request id.
      assertThat(received.getString(BusHeaders.CLIENT_IP)).isEqualTo("127.0.0.1");
      assertThat(received.getString(BusHeaders.REQUEST_ID)).isNotBlank();
      assertThat(received.containsKey("Authorization")).isFalse();
      assertThat(reply.getJsonObject("body").getJsonObject("body").getString("hello")).isEqualTo("room");
    }
  }

  @Test
  void sendWithoutAValidTokenIsRefused() {
    try (BridgeClient client = BridgeClient.connect(node.vertx(), port, null)) {
      client.send(TestDomainVerticle.ECHO, null, new JsonObject(), "reply-2");
      assertRefused(client.next(5000));
      client.send(TestDomainVerticle.ECHO, new JsonObject().put("Authorization", "Bearer not-a-token"), new JsonObject(), "reply-3");
      assertRefused(client.next(5000));
    }
  }

  @Test
  void sendOrPublishToAnUnpermittedAddressIsRefused() {
    try (BridgeClient client = BridgeClient.connect(node.vertx(), port, null)) {
      client.send("test.secret.count", auth("fan-2"), new JsonObject(), "reply-4");
      assertRefused(client.next(5000));
      client.frame(new JsonObject().put("type", "publish").put("address", TestDomainVerticle.ECHO)
          .put("headers", auth("fan-2")).put("body", new JsonObject()));
      assertRefused(client.next(5000));
      client.send(TestDomainVerticle.SECRET, auth("fan-2"), new JsonObject(), "reply-5");
      assertRefused(client.next(5000));
      // Addresses where a domain acts on a user's behalf are for domains only.
      client.send(dev.creatorhub.payments.api.PaymentsClient.TIP_FOR, auth("fan-2"), new JsonObject().put("fanId", "someone-else"), "reply-6");
      assertRefused(client.next(5000));
    }
    assertThat(secretHits.get()).isZero();
  }

  @Test
  void registerNeedsATokenAndTheRoomsAuthorizer() {
    try (BridgeClient fan = BridgeClient.connect(node.vertx(), port, null);
         BridgeClient other = BridgeClient.connect(node.vertx(), port, null);
         BridgeClient anonymous = BridgeClient.connect(node.vertx(), port, null)) {
      fan.register("test.room.fan-3", auth("fan-3"));
      other.register("test.room.fan-3", auth("fan-4"));
      assertRefused(other.next(5000));
      anonymous.register("test.room.public", null);
      assertRefused(anonymous.next(5000));
      other.register("test.unknown.room", auth("fan-4"));
      assertRefused(other.next(5000));

      // Registration is asynchronous: publish until the allowed client hears it.
      JsonObject message = null;
      for (int i = 0; i < 50 && message == null; i++) {
        node.vertx().eventBus().publish("test.room.fan-3", new JsonObject().put("type", "SYSTEM").put("seq", i));
        message = fan.next(100);
      }
      assertThat(message).isNotNull();
      assertThat(message.getString("address")).isEqualTo("test.room.fan-3");
      assertThat(other.next(300)).isNull();
      // Operators see the room fan-out in the metrics.
      String metrics = new dev.creatorhub.testing.Http(node.info().getInteger("managementPort")).get("/metrics").body();
      assertThat(metrics).contains("creatorhub_bridge_subscriptions").contains("creatorhub_bridge_deliveries_total")
          .contains("creatorhub_bridge_dropped_total");
    }
  }

  @Test
  void anAuthorizerThatNeverAnswersMeansRetryNotDenied() {
    try (BridgeClient fan = BridgeClient.connect(node.vertx(), port, null)) {
      fan.register("test.room.silent-1", auth("fan-9"));
      JsonObject refusal = fan.next(f -> "err".equals(f.getString("type")), 10_000);
      assertThat(refusal).as("an answer once the authorization timed out").isNotNull();
      assertThat(refusal.getString("message")).isEqualTo("retry");
      assertThat(refusal.getJsonObject("body").getMap()).containsEntry("reason", "retry").containsEntry("status", 503);
    }
  }

  @Test
  void socketsFromForeignOriginsAreRefused() {
    assertThatThrownBy(() -> BridgeClient.connect(node.vertx(), port, "https://evil.example"))
        .hasMessageContaining("403");
    try (BridgeClient allowed = BridgeClient.connect(node.vertx(), port, "https://allowed.example")) {
      allowed.send(TestDomainVerticle.ECHO, auth("fan-5"), new JsonObject(), "reply-7");
      JsonObject reply = allowed.next(5000);
      assertThat(reply).isNotNull();
      assertThat(reply.getString("address")).isEqualTo("reply-7");
    }
  }

  @Test
  void aCommandWhoseBodyIsNotAnObjectIs400AndTheSocketLivesOn() {
    try (BridgeClient client = BridgeClient.connect(node.vertx(), port, null)) {
      for (Object body : new Object[] {"text", 42, new io.vertx.core.json.JsonArray().add(1), null}) {
        client.frame(new JsonObject().put("type", "send").put("address", TestDomainVerticle.ECHO).put("headers", auth("fan-6"))
            .put("body", body).put("replyAddress", "reply-body"));
        JsonObject reply = client.next(f -> "reply-body".equals(f.getString("address")), 5000);
        assertRefused(reply);
        assertThat(reply.getInteger("failureCode")).as(reply.encode()).isEqualTo(400);
      }
      client.send(TestDomainVerticle.ECHO, auth("fan-6"), new JsonObject().put("still", "here"), "reply-ok");
      assertThat(client.next(f -> "reply-ok".equals(f.getString("address")), 5000).getString("type")).isEqualTo("rec");
    }
  }

  @Test
  void aRoomCommandIsCheckedAgainstItsSchemaAtTheBridgeBeforeItCrossesTheBus() {
    // The live domain runs on no node here: a 400 can only come from the bridge.
    try (BridgeClient client = BridgeClient.connect(node.vertx(), port, null)) {
      client.send(LiveAddresses.CHAT_SEND, auth("fan-9"), new JsonObject().put("streamId", "s1").put("text", 42).put("colour", 1), "reply-bad");
      JsonObject refused = client.next(f -> "reply-bad".equals(f.getString("address")), 5000);
      assertRefused(refused);
      assertThat(refused.getInteger("failureCode")).as(refused.encode()).isEqualTo(400);
      JsonObject problem = refused.getJsonObject("body");
      assertThat(problem.getInteger("status")).isEqualTo(400);
      assertThat(problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))).contains("text");
      // A valid one goes on to the domain, which is not running.
      client.send(LiveAddresses.CHAT_SEND, auth("fan-9"), new JsonObject().put("streamId", "s1").put("text", "hi"), "reply-good");
      JsonObject unavailable = client.next(f -> "reply-good".equals(f.getString("address")), 10_000);
      assertThat(unavailable.getInteger("failureCode")).as(unavailable.encode()).isEqualTo(503);
    }
  }

  @Test
  void aBurstOfRegistrationsStaysWithinTheCapAndAnOversizeFrameIsAnswered() {
    try (BridgeClient client = BridgeClient.connect(node.vertx(), port, null)) {
      JsonObject headers = auth("fan-7");
      for (int i = 0; i < 60; i++) {
        client.register("test.room.open-" + i, headers);
      }
      List<JsonObject> refusals = new java.util.ArrayList<>();
      JsonObject frame;
      while ((frame = client.next(f -> "err".equals(f.getString("type")), 2000)) != null) {
        refusals.add(frame);
      }
      assertThat(refusals).hasSize(10).allSatisfy(f -> assertThat(f.getString("message")).isEqualTo("max_registrations"));
      java.util.Set<String> heard = new java.util.HashSet<>();
      for (int attempt = 0; attempt < 20 && heard.size() < 50; attempt++) {
        for (int i = 0; i < 60; i++) {
          node.vertx().eventBus().publish("test.room.open-" + i, new JsonObject().put("type", "SYSTEM"));
        }
        client.received(200).forEach(f -> heard.add(f.getString("address")));
      }
      assertThat(heard).hasSize(50);

      // One 100 KB frame (as a browser sends it): answered, and the socket stays usable.
      client.rawFrame(new JsonObject().put("type", "send").put("address", TestDomainVerticle.ECHO).put("headers", headers)
          .put("body", new JsonObject().put("blob", "x".repeat(100_000))).put("replyAddress", "big").encode());
      JsonObject tooLarge = client.next(f -> "err".equals(f.getString("type")), 5000);
      assertRefused(tooLarge);
      assertThat(tooLarge.getString("message")).isEqualTo("frame_too_large");
      client.send(TestDomainVerticle.ECHO, headers, new JsonObject(), "after-big");
      assertThat(client.next(f -> "after-big".equals(f.getString("address")), 5000)).isNotNull();
      assertThat(client.isClosed()).isFalse();
    }
  }

  @Test
  void aDomainsRefusalArrivesAsAProblemAndAnInternalErrorSaysNothingOfItsCause() {
    try (BridgeClient client = BridgeClient.connect(node.vertx(), port, null)) {
      client.send(TestDomainVerticle.FAIL, auth("fan-8"), new JsonObject().put("status", 409), "refused");
      JsonObject refused = client.next(f -> "refused".equals(f.getString("address")), 5000);
      assertRefused(refused);
      assertThat(refused.getInteger("failureCode")).isEqualTo(409);
      assertThat(refused.getJsonObject("body").getMap()).containsEntry("status", 409).containsEntry("title", "Conflict")
          .containsEntry("detail", "failed on purpose");
      // What the Vert.x bridge client hands to the browser: the same problem, as text.
      assertThat(new JsonObject(refused.getString("message"))).isEqualTo(refused.getJsonObject("body"));

      client.send(TestDomainVerticle.FAIL, auth("fan-8"), new JsonObject().put("status", 0), "crashed");
      JsonObject crashed = client.next(f -> "crashed".equals(f.getString("address")), 5000);
      assertThat(crashed.getInteger("failureCode")).isEqualTo(500);
      assertThat(crashed.getJsonObject("body").getInteger("status")).isEqualTo(500);
      assertThat(crashed.encode()).doesNotContain("hunter2");

      client.send("test.not.open", auth("fan-8"), new JsonObject(), "denied");
      JsonObject denied = client.next(f -> "denied".equals(f.getString("address")), 5000);
      assertThat(denied.getJsonObject("body").getMap()).containsEntry("status", 403).containsEntry("reason", "access_denied");
    }
  }

  @Test
  void commandsCountAgainstTheSameLimitsAsRestRequests() {
    JsonObject limited = TestNodes.config(1);
    limited.getJsonObject("rateLimits").getJsonObject("groups").getJsonObject("default").put("perUser", 3).put("windowSeconds", 30);
    Node other = TestNodes.start(limited, true);
    try (BridgeClient client = BridgeClient.connect(other.vertx(), limited.getJsonObject("http").getInteger("port"), null)) {
      String user = "fan-" + java.util.UUID.randomUUID();
      JsonObject headers = new JsonObject().put("Authorization", "Bearer " + TestTokens.issue(other.vertx(), limited, user, "SUBSCRIBER"));
      for (int i = 0; i < 3; i++) {
        client.send(TestDomainVerticle.ECHO, headers, new JsonObject(), "ok-" + i);
        String address = "ok-" + i;
        assertThat(client.next(f -> address.equals(f.getString("address")), 5000).getString("type")).isEqualTo("rec");
      }
      client.send(TestDomainVerticle.ECHO, headers, new JsonObject(), "over");
      JsonObject over = client.next(f -> "over".equals(f.getString("address")), 5000);
      assertThat(over.getInteger("failureCode")).as(over.encode()).isEqualTo(429);
      assertThat(over.getJsonObject("body").getLong("retryAfter")).isPositive();
      // The same counter holds the user back over REST.
      dev.creatorhub.testing.Http http = new dev.creatorhub.testing.Http(limited.getJsonObject("http").getInteger("port"));
      dev.creatorhub.testing.Http.Response rest = http.get("/api/v1/test/whoami", "Authorization", headers.getString("Authorization"));
      assertThat(rest.status()).as(rest.body()).isEqualTo(429);
    } finally {
      Await.result(other.stop());
    }
  }

  private static void assertRefused(JsonObject frame) {
    assertThat(frame).as("expected an error frame").isNotNull();
    assertThat(frame.getString("type")).as(frame.encode()).isEqualTo("err");
  }
}
