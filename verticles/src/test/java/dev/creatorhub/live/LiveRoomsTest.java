package dev.creatorhub.live;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.devstack.Ports;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.BridgeClient;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live rooms across two clustered nodes with real bridge clients (raw WebSocket, standard frames):
 * node A runs every domain, node B only a gateway and a live verticle.
 */
@Timeout(240)
class LiveRoomsTest {

  static Node a;
  static Node b;
  static Http httpA;
  static Http httpB;
  static int portA;
  static int portB;

  @BeforeAll
  static void start() {
    JsonObject configA = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1)
        .put("subscriptions", 1).put("live", 1).put("outbox-relay", 1));
    configA.getJsonObject("live").put("viewersPushMs", 300);
    JsonObject configB = configA.copy().put("deploy", new JsonObject().put("gateway", 1).put("live", 1));
    configB.getJsonObject("http").put("port", Ports.free());
    a = TestNodes.start(configA, false);
    b = TestNodes.start(configB, false);
    portA = configA.getJsonObject("http").getInteger("port");
    portB = configB.getJsonObject("http").getInteger("port");
    httpA = new Http(portA);
    httpB = new Http(portB);
  }

  @AfterAll
  static void stop() {
    Await.result(b.stop());
    Await.result(a.stop());
  }

  // ---- helpers --------------------------------------------------------------------------------

  static String bearer(JsonObject user) {
    return "Bearer " + user.getString("token");
  }

  static JsonObject auth(JsonObject user) {
    return new JsonObject().put("Authorization", bearer(user));
  }

  static JsonObject creator(int price) {
    return TestAccounts.creator(httpA, price, new JsonArray(), 0);
  }


  static JsonObject subscriber(JsonObject creator) {
    JsonObject fan = TestAccounts.create(httpA, "SUBSCRIBER");
    Http.Response r = httpA.post("/api/v1/creators/" + creator.getString("username") + "/subscriptions", "application/json",
        new JsonObject().put("paymentMethod", "pm_card_visa").encode(), "Authorization", bearer(fan));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return fan;
  }

  static JsonObject liveStream(JsonObject creator, JsonObject body) {
    Http.Response created = httpA.post("/api/v1/streams", "application/json", body.encode(), "Authorization", bearer(creator));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    Http.Response started = httpA.post("/api/v1/streams/" + id + "/start", null, "", "Authorization", bearer(creator));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    assertThat(started.json().getString("status")).isEqualTo("LIVE");
    return started.json();
  }

  /**
   * Registers and waits until the room is heard (its periodic viewer count). The REGISTER goes out
   * twice back to back, as a retrying client would: the socket must still get every message once.
   */
  static BridgeClient listen(int port, String address, JsonObject user) {
    BridgeClient client = BridgeClient.connect(a.vertx(), port, null);
    client.register(address, auth(user));
    client.register(address, auth(user));
    assertThat(next(client, f -> "rec".equals(f.getString("type")), 10_000)).as("first frame of " + address).isNotNull();
    return client;
  }

  static JsonObject next(BridgeClient client, Predicate<JsonObject> wanted, long timeoutMs) {
    return client.next(wanted, timeoutMs);
  }

  static Predicate<JsonObject> bodyType(String type) {
    return f -> "rec".equals(f.getString("type")) && f.getValue("body") instanceof JsonObject body && type.equals(body.getString("type"));
  }

  /** Sends a command and returns its reply frame (rec or err). */
  static JsonObject command(BridgeClient client, String address, JsonObject headers, JsonObject body) {
    String reply = "reply-" + UUID.randomUUID();
    client.send(address, headers, body, reply);
    JsonObject frame = next(client, f -> reply.equals(f.getString("address")), 10_000);
    assertThat(frame).as("reply to " + address).isNotNull();
    return frame;
  }

  static List<JsonObject> messages(BridgeClient client, long quietMs) {
    List<JsonObject> got = new ArrayList<>();
    JsonObject frame;
    while ((frame = next(client, bodyType("MESSAGE"), quietMs)) != null) {
      got.add(frame.getJsonObject("body"));
    }
    return got;
  }

  // ---- tests ----------------------------------------------------------------------------------

  @Test
  void chatReachesViewersOnBothNodesInOrderOnceAndOnlyFromVerifiedSenders() {
    JsonObject creator = creator(999);
    JsonObject fanA = subscriber(creator);
    JsonObject fanB = subscriber(creator);
    JsonObject stranger = TestAccounts.create(httpA, "SUBSCRIBER");
    JsonObject stream = liveStream(creator, new JsonObject().put("title", "Q&A").put("access", "SUBSCRIBERS"));
    String id = stream.getString("id");

    Http.Response join = httpB.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", bearer(fanB));
    assertThat(join.status()).as(join.body()).isEqualTo(200);
    assertThat(join.json().getJsonObject("rtc").getString("provider")).isEqualTo("webrtc");
    assertThat(join.json().getString("room")).isEqualTo("live.room." + id);
    Http.Response refused = httpA.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", bearer(stranger));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");

    try (BridgeClient viewerA = listen(portA, "live.room." + id, fanA);
         BridgeClient viewerB = listen(portB, "live.room." + id, fanB);
         BridgeClient outsider = BridgeClient.connect(a.vertx(), portA, null)) {
      outsider.register("live.room." + id, auth(stranger));
      assertThat(next(outsider, f -> "err".equals(f.getString("type")), 5000)).isNotNull();

      // A forged identity header is replaced by the verified one.
      JsonObject forged = auth(fanA).put(BusHeaders.USER_ID, fanB.getString("id")).put("userId", fanB.getString("id"));
      List<Long> sent = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        JsonObject reply = command(viewerA, "live.chat.send", forged, new JsonObject().put("streamId", id).put("text", "hello " + i));
        assertThat(reply.getString("type")).as(reply.encode()).isEqualTo("rec");
        sent.add(reply.getJsonObject("body").getLong("seq"));
      }
      for (BridgeClient viewer : List.of(viewerA, viewerB)) {
        List<JsonObject> got = messages(viewer, 1500);
        assertThat(got).extracting(m -> m.getString("text")).containsExactly("hello 0", "hello 1", "hello 2", "hello 3", "hello 4");
        assertThat(got).extracting(m -> m.getLong("seq")).containsExactlyElementsOf(sent);
        assertThat(got).allMatch(m -> fanA.getString("id").equals(m.getString("userId")) && fanA.getString("username").equals(m.getString("username")));
      }

      // Without a valid token, or to an address that is not a room command: refused.
      JsonObject noToken = command(viewerA, "live.chat.send", new JsonObject(), new JsonObject().put("streamId", id).put("text", "x"));
      assertThat(noToken.getString("type")).isEqualTo("err");
      JsonObject notPermitted = command(viewerA, "live.stream.create", auth(fanA), new JsonObject().put("title", "x"));
      assertThat(notPermitted.getString("type")).isEqualTo("err");
      viewerA.frame(new JsonObject().put("type", "publish").put("address", "live.room." + id).put("headers", auth(fanA))
          .put("body", new JsonObject().put("type", "MESSAGE").put("text", "forged")));
      assertThat(next(viewerA, f -> "err".equals(f.getString("type")), 3000)).isNotNull();
      assertThat(messages(viewerB, 1000)).isEmpty();
      // Bad chat bodies are clear 4xx answers.
      JsonObject empty = command(viewerA, "live.chat.send", auth(fanA), new JsonObject().put("streamId", id).put("text", " "));
      assertThat(empty.getInteger("failureCode")).isEqualTo(400);
      JsonObject stranger404 = command(viewerA, "live.chat.send", auth(stranger), new JsonObject().put("streamId", id).put("text", "hi"));
      assertThat(stranger404.getInteger("failureCode")).isEqualTo(403);

      // Viewers are counted across both nodes.
      Await.poll(() -> httpA.get("/api/v1/streams/" + id).json().getLong("viewerCount") == 2, 10_000, "2 viewers");
    }
    Await.poll(() -> httpA.get("/api/v1/streams/" + id).json().getLong("viewerCount") == 0, 10_000, "viewers left");
    assertThat(httpA.get("/api/v1/streams/" + id).json().getLong("peakViewers")).isEqualTo(2);
  }

  @Test
  void aTipFromTheRoomIsBookedAndShownOnceHoweverOftenTheClientRetries() {
    JsonObject creator = creator(999);
    JsonObject fan = subscriber(creator);
    JsonObject stream = liveStream(creator, new JsonObject().put("title", "Tips").put("access", "PUBLIC"));
    String id = stream.getString("id");
    try (BridgeClient tipper = listen(portA, "live.room." + id, fan);
         BridgeClient watcher = listen(portB, "live.room." + id, creator)) {
      JsonObject body = new JsonObject().put("streamId", id).put("amount", 500).put("message", "great show")
          .put("idempotencyKey", "tip-" + UUID.randomUUID());
      JsonObject first = command(tipper, "live.tip.send", auth(fan), body);
      JsonObject retry = command(tipper, "live.tip.send", auth(fan), body);
      assertThat(first.getString("type")).as(first.encode()).isEqualTo("rec");
      assertThat(retry.getJsonObject("body").getString("id")).isEqualTo(first.getJsonObject("body").getString("id"));

      JsonObject shown = next(watcher, bodyType("TIP"), 5000);
      assertThat(shown).isNotNull();
      assertThat(shown.getJsonObject("body").getJsonObject("amount").getLong("amount")).isEqualTo(500);
      assertThat(shown.getJsonObject("body").getString("message")).isEqualTo("great show");
      assertThat(next(watcher, bodyType("TIP"), 1500)).as("a second TIP").isNull();

      JsonArray payments = httpA.get("/api/v1/payments", "Authorization", bearer(fan)).json().getJsonArray("items");
      assertThat(payments.stream().map(p -> (JsonObject) p).filter(p -> "TIP".equals(p.getString("type"))).toList())
          .singleElement().satisfies(p -> {
            assertThat(p.getJsonObject("amount").getLong("amount")).isEqualTo(500);
            assertThat(p.getJsonObject("refs").getString("streamId")).isEqualTo(id);
          });
      assertThat(httpA.get("/api/v1/streams/" + id).json().getJsonObject("totalTips").getLong("amount")).isEqualTo(500);

      JsonObject declined = command(tipper, "live.tip.send", auth(fan), body.copy().put("idempotencyKey", "tip-" + UUID.randomUUID())
          .put("paymentMethod", "pm_card_chargeDeclined"));
      assertThat(declined.getInteger("failureCode")).isEqualTo(402);
      assertThat(next(watcher, bodyType("TIP"), 1000)).isNull();
    }
  }

  @Test
  void moderatorsMuteBanAndDeleteAndABanEndsTheSubscriptionOnEveryNode() {
    JsonObject creator = creator(999);
    JsonObject fanA = subscriber(creator);
    JsonObject fanB = subscriber(creator);
    JsonObject fanC = subscriber(creator);
    JsonObject stream = liveStream(creator, new JsonObject().put("title", "Mod").put("access", "SUBSCRIBERS"));
    String id = stream.getString("id");
    try (BridgeClient host = listen(portA, "live.room." + id, creator);
         BridgeClient viewerA = listen(portA, "live.room." + id, fanA);
         BridgeClient viewerB = listen(portB, "live.room." + id, fanB);
         BridgeClient viewerBonA = listen(portA, "live.room." + id, fanB);
         BridgeClient viewerC = listen(portB, "live.room." + id, fanC)) {
      // A viewer cannot moderate.
      JsonObject notMod = command(viewerA, "live.mod.ban", auth(fanA), new JsonObject().put("streamId", id).put("userId", fanB.getString("id")));
      assertThat(notMod.getInteger("failureCode")).isEqualTo(403);

      JsonObject said = command(viewerA, "live.chat.send", auth(fanA), new JsonObject().put("streamId", id).put("text", "spam"));
      long seq = said.getJsonObject("body").getLong("seq");
      assertThat(command(host, "live.mod.delete", auth(creator), new JsonObject().put("streamId", id).put("seq", seq)).getString("type"))
          .isEqualTo("rec");
      JsonObject deleted = next(viewerB, f -> bodyType("SYSTEM").test(f) && "MESSAGE_DELETED".equals(f.getJsonObject("body").getString("event")), 5000);
      assertThat(deleted.getJsonObject("body").getLong("targetSeq")).isEqualTo(seq);

      assertThat(command(host, "live.mod.mute", auth(creator), new JsonObject().put("streamId", id).put("userId", fanA.getString("id"))
          .put("seconds", 60)).getString("type")).isEqualTo("rec");
      assertThat(command(viewerA, "live.chat.send", auth(fanA), new JsonObject().put("streamId", id).put("text", "still here?"))
          .getInteger("failureCode")).isEqualTo(403);

      // fanB (a socket on each node) is banned through node A: both room subscriptions end at once.
      assertThat(command(host, "live.mod.ban", auth(creator), new JsonObject().put("streamId", id).put("userId", fanB.getString("id")))
          .getString("type")).isEqualTo("rec");
      for (BridgeClient socket : List.of(viewerB, viewerBonA)) {
        JsonObject kicked = next(socket, f -> "err".equals(f.getString("type")), 5000);
        assertThat(kicked).isNotNull();
        assertThat(kicked.getString("message")).isEqualTo("banned");
        assertThat(kicked.getJsonObject("body").getInteger("status")).isEqualTo(403);
      }
      command(host, "live.chat.send", auth(creator), new JsonObject().put("streamId", id).put("text", "after the ban"));
      assertThat(messages(viewerC, 1500)).extracting(m -> m.getString("text")).contains("after the ban");
      assertThat(messages(viewerB, 500)).extracting(m -> m.getString("text")).doesNotContain("after the ban");
      assertThat(messages(viewerBonA, 500)).extracting(m -> m.getString("text")).doesNotContain("after the ban");
      assertThat(httpB.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", bearer(fanB)).status()).isEqualTo(403);
      viewerB.register("live.room." + id, auth(fanB));
      assertThat(next(viewerB, f -> "err".equals(f.getString("type")), 5000)).isNotNull();

      // Slow mode: one message per interval for viewers.
      assertThat(command(host, "live.mod.slow", auth(creator), new JsonObject().put("streamId", id).put("seconds", 30)).getString("type"))
          .isEqualTo("rec");
      assertThat(command(viewerC, "live.chat.send", auth(fanC), new JsonObject().put("streamId", id).put("text", "one")).getString("type"))
          .isEqualTo("rec");
      assertThat(command(viewerC, "live.chat.send", auth(fanC), new JsonObject().put("streamId", id).put("text", "two"))
          .getInteger("failureCode")).isEqualTo(429);
    }
  }

  @Test
  void aViewerReconnectingToTheOtherNodeWithItsLastSeqGetsExactlyWhatItMissed() {
    JsonObject creator = creator(999);
    JsonObject fan = subscriber(creator);
    JsonObject stream = liveStream(creator, new JsonObject().put("title", "Resume").put("access", "SUBSCRIBERS"));
    String id = stream.getString("id");
    long lastSeen;
    try (BridgeClient host = listen(portA, "live.room." + id, creator);
         BridgeClient viewer = listen(portA, "live.room." + id, fan)) {
      command(host, "live.chat.send", auth(creator), new JsonObject().put("streamId", id).put("text", "before"));
      JsonObject seen = next(viewer, bodyType("MESSAGE"), 5000);
      lastSeen = seen.getJsonObject("body").getLong("seq");
      viewer.close();
      List<Long> missed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        missed.add(command(host, "live.chat.send", auth(creator), new JsonObject().put("streamId", id).put("text", "missed " + i))
            .getJsonObject("body").getLong("seq"));
      }
      try (BridgeClient back = BridgeClient.connect(a.vertx(), portB, null)) {
        back.register("live.room." + id, auth(fan).put("lastSeq", lastSeen));
        List<JsonObject> got = messages(back, 2000);
        assertThat(got).extracting(m -> m.getLong("seq")).containsExactlyElementsOf(missed);
        assertThat(got).extracting(m -> m.getString("text")).containsExactly("missed 0", "missed 1", "missed 2");
        command(host, "live.chat.send", auth(creator), new JsonObject().put("streamId", id).put("text", "live again"));
        assertThat(messages(back, 1500)).extracting(m -> m.getString("text")).containsExactly("live again");
      }
    }
    Http.Response backlog = httpA.get("/api/v1/streams/" + id + "/messages?afterSeq=" + lastSeen, "Authorization", bearer(fan));
    assertThat(backlog.status()).isEqualTo(200);
    assertThat(backlog.json().getJsonArray("items").stream().map(m -> (JsonObject) m).filter(m -> "MESSAGE".equals(m.getString("type")))
        .map(m -> m.getString("text")).toList()).containsExactly("missed 0", "missed 1", "missed 2", "live again");
  }

  @Test
  void webrtcSignalsFlowBetweenTheCreatorAndOneViewerOnly() {
    JsonObject creator = creator(999);
    JsonObject fan = subscriber(creator);
    JsonObject other = subscriber(creator);
    JsonObject stream = liveStream(creator, new JsonObject().put("title", "Video").put("access", "SUBSCRIBERS"));
    String id = stream.getString("id");
    String creatorInbox = "live.rtc." + id + "." + creator.getString("id");
    String fanInbox = httpA.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", bearer(fan)).json()
        .getJsonObject("rtc").getString("inbox");
    try (BridgeClient host = BridgeClient.connect(a.vertx(), portA, null);
         BridgeClient viewer = BridgeClient.connect(a.vertx(), portB, null);
         BridgeClient snoop = BridgeClient.connect(a.vertx(), portB, null)) {
      host.register(creatorInbox, auth(creator));
      viewer.register(fanInbox, auth(fan));
      snoop.register(creatorInbox, auth(other));
      assertThat(next(snoop, f -> "err".equals(f.getString("type")), 5000)).as("someone else's inbox").isNotNull();

      JsonObject offer = new JsonObject().put("type", "offer").put("sdp", "v=0 o=- 1 1 IN IP4 127.0.0.1");
      JsonObject heard = null;
      for (int i = 0; i < 20 && heard == null; i++) { // registration is asynchronous
        command(viewer, "live.rtc.signal", auth(fan), new JsonObject().put("streamId", id).put("to", creator.getString("id")).put("signal", offer));
        heard = next(host, bodyType("SIGNAL"), 250);
      }
      assertThat(heard).isNotNull();
      assertThat(heard.getJsonObject("body").getString("from")).isEqualTo(fan.getString("id"));
      assertThat(heard.getJsonObject("body").getJsonObject("signal")).isEqualTo(offer);

      JsonObject answer = new JsonObject().put("type", "answer").put("sdp", "v=0 answer");
      command(host, "live.rtc.signal", auth(creator), new JsonObject().put("streamId", id).put("to", fan.getString("id")).put("signal", answer));
      JsonObject answered = next(viewer, bodyType("SIGNAL"), 5000);
      assertThat(answered.getJsonObject("body").getJsonObject("signal")).isEqualTo(answer);

      JsonObject sideways = command(viewer, "live.rtc.signal", auth(fan), new JsonObject().put("streamId", id)
          .put("to", other.getString("id")).put("signal", offer));
      assertThat(sideways.getInteger("failureCode")).isEqualTo(403);
    }
  }

  @Test
  void aTicketedStreamOpensToTicketHoldersAndStreamsFollowTheirLifecycle() {
    JsonObject creator = creator(999);
    JsonObject fan = TestAccounts.create(httpA, "SUBSCRIBER");
    Http.Response bad = httpA.post("/api/v1/streams", "application/json", new JsonObject().put("title", "x").put("access", "TICKET").encode(),
        "Authorization", bearer(creator));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(httpA.post("/api/v1/streams", "application/json", new JsonObject().put("title", "x").put("access", "PUBLIC").encode(),
        "Authorization", bearer(fan)).status()).isEqualTo(403);
    JsonObject stream = liveStream(creator, new JsonObject().put("title", "Concert").put("access", "TICKET")
        .put("ticketPrice", new JsonObject().put("amount", 300).put("currency", "USD")));
    String id = stream.getString("id");
    assertThat(httpA.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", bearer(fan)).status()).isEqualTo(403);
    Http.Response ticket = httpA.post("/api/v1/streams/" + id + "/tickets", "application/json",
        new JsonObject().put("paymentMethod", "pm_card_visa").encode(), "Authorization", bearer(fan));
    assertThat(ticket.status()).as(ticket.body()).isEqualTo(201);
    assertThat(httpA.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", bearer(fan)).status()).isEqualTo(200);

    assertThat(httpA.get("/api/v1/streams?status=LIVE").json().getJsonArray("items").stream()
        .map(s -> ((JsonObject) s).getString("id")).toList()).contains(id);
    assertThat(httpA.post("/api/v1/streams/" + id + "/end", null, "", "Authorization", bearer(fan)).status()).isEqualTo(403);
    Http.Response ended = httpA.post("/api/v1/streams/" + id + "/end", null, "", "Authorization", bearer(creator));
    assertThat(ended.json().getString("status")).isEqualTo("ENDED");
    assertThat(httpA.post("/api/v1/streams/" + id + "/end", null, "", "Authorization", bearer(creator)).status()).isEqualTo(409);
    assertThat(httpA.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", bearer(fan)).status()).isEqualTo(409);
    // Tickets stop selling once the stream is over.
    JsonObject late = TestAccounts.create(httpA, "SUBSCRIBER");
    assertThat(httpA.post("/api/v1/streams/" + id + "/tickets", "application/json",
        new JsonObject().put("paymentMethod", "pm_card_visa").encode(), "Authorization", bearer(late)).status()).isEqualTo(409);
    assertThat(httpA.get("/api/v1/streams/" + UUID.randomUUID()).status()).isEqualTo(404);
  }
}
