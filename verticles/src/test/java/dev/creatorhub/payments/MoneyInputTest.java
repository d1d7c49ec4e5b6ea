package dev.creatorhub.payments;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.BridgeClient;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Money a client sends is taken as sent or refused: no number wraps or rounds into another amount,
 * no currency is swapped, and a tip only names the tipped creator's own posts and streams. Through
 * the real content, live and payments domains, over REST and over the bridge.
 */
@Timeout(180)
class MoneyInputTest {

  /** 2^64 + 500: read as a long it wraps to 500. */
  static final String WRAPS_TO_500 = "18446744073709552116";
  static Node node;
  static Http http;
  static int port;

  @BeforeAll
  static void start() {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1)
        .put("content", 1).put("live", 1).put("outbox-relay", 1));
    node = TestNodes.start(config, false);
    port = config.getJsonObject("http").getInteger("port");
    http = new Http(port);
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
  }

  static String bearer(JsonObject user) {
    return "Bearer " + user.getString("token");
  }

  static Http.Response post(String path, JsonObject user, String body) {
    return http.post(path, "application/json", body, "Authorization", bearer(user));
  }

  static void assertBadRequest(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
  }

  static String tip(JsonObject creator, String amount, String extra) {
    return "{\"creator\":\"" + creator.getString("username") + "\",\"amount\":{\"amount\":" + amount + ",\"currency\":\"USD\"},"
        + "\"paymentMethod\":\"pm_card_visa\"" + extra + "}";
  }

  static JsonObject liveStream(JsonObject creator) {
    Http.Response created = post("/api/v1/streams", creator, new JsonObject().put("title", "live").put("access", "PUBLIC").encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(post("/api/v1/streams/" + id + "/start", creator, "{}").status()).isEqualTo(200);
    return created.json();
  }

  static long gross(JsonObject creator) {
    return http.get("/api/v1/earnings", "Authorization", bearer(creator)).json().getJsonObject("gross").getLong("amount");
  }

  @Test
  void amountsPastTheirBoundsAreRefusedNotWrapped() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    assertBadRequest(post("/api/v1/tips", fan, tip(creator, WRAPS_TO_500, "")));
    assertBadRequest(post("/api/v1/tips", fan, tip(creator, "-" + WRAPS_TO_500, "")));
    assertBadRequest(post("/api/v1/tips", fan, tip(creator, "150.7", "")));
    assertBadRequest(post("/api/v1/tips", fan, tip(creator, "1e400", "")));
    assertBadRequest(post("/api/v1/posts", creator, "{\"text\":\"x\",\"visibility\":\"PPV\",\"price\":{\"amount\":18446744073709552615,\"currency\":\"USD\"}}"));
    assertBadRequest(post("/api/v1/streams", creator, "{\"title\":\"t\",\"access\":\"TICKET\",\"ticketPrice\":{\"amount\":" + WRAPS_TO_500 + ",\"currency\":\"USD\"}}"));
    Http.Response price = http.send(http.request("/api/v1/users/me").header("Content-Type", "application/json")
        .header("Authorization", bearer(creator)).method("PATCH",
            HttpRequest.BodyPublishers.ofString("{\"subscriptionPrice\":{\"amount\":18446744073709552615,\"currency\":\"USD\"}}")));
    assertBadRequest(price);
    assertThat(gross(creator)).isZero();
    // What is in range still works.
    assertThat(post("/api/v1/tips", fan, tip(creator, "500", "")).status()).isEqualTo(201);
    assertThat(gross(creator)).isEqualTo(500);
  }

  @Test
  void aTipNamesOnlyTheTippedCreatorsOwnPostsAndStreams() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject rival = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    Http.Response own = post("/api/v1/posts", creator, new JsonObject().put("text", "mine").put("visibility", "PUBLIC").encode());
    Http.Response theirs = post("/api/v1/posts", rival, new JsonObject().put("text", "theirs").put("visibility", "PUBLIC").encode());
    String ownStream = liveStream(creator).getString("id");
    String theirStream = liveStream(rival).getString("id");

    for (String ref : new String[] {
        ",\"postId\":\"" + theirs.json().getString("id") + "\"", ",\"postId\":\"" + UUID.randomUUID() + "\"",
        ",\"streamId\":\"" + theirStream + "\"", ",\"streamId\":\"" + UUID.randomUUID() + "\"", ",\"streamId\":\"made-up\""}) {
      Http.Response r = post("/api/v1/tips", fan, tip(creator, "300", ref));
      assertBadRequest(r);
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isIn("postId", "streamId");
    }
    assertThat(gross(creator)).isZero();
    Http.Response ok = post("/api/v1/tips", fan, tip(creator, "300",
        ",\"postId\":\"" + own.json().getString("id") + "\",\"streamId\":\"" + ownStream + "\""));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().getJsonObject("refs").getString("postId")).isEqualTo(own.json().getString("id"));
    assertThat(gross(creator)).isEqualTo(300);
  }

  @Test
  void roomTipsAreValidatedLikeRestTipsAndTheRoomNeverSeesPaymentIds() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String streamId = liveStream(creator).getString("id");
    JsonObject auth = new JsonObject().put("Authorization", bearer(fan));
    try (BridgeClient viewer = BridgeClient.connect(node.vertx(), port, null)) {
      viewer.register("live.room." + streamId, auth);
      for (String amount : new String[] {"150.7", WRAPS_TO_500, "{\"amount\":500,\"currency\":\"EUR\"}", "{\"amount\":150.7,\"currency\":\"USD\"}",
          "{\"amount\":" + WRAPS_TO_500 + ",\"currency\":\"USD\"}", "\"500\"", "0"}) {
        JsonObject reply = command(viewer, auth, "{\"streamId\":\"" + streamId + "\",\"amount\":" + amount + ",\"idempotencyKey\":\""
            + UUID.randomUUID() + "\",\"paymentMethod\":\"pm_card_visa\"}");
        assertThat(reply.getString("type")).as(amount + " → " + reply).isEqualTo("err");
        assertThat(reply.getInteger("failureCode")).as(amount + " → " + reply).isEqualTo(400);
      }
      assertThat(gross(creator)).isZero();

      JsonObject paid = command(viewer, auth, "{\"streamId\":\"" + streamId + "\",\"amount\":{\"amount\":250,\"currency\":\"USD\"},"
          + "\"idempotencyKey\":\"" + UUID.randomUUID() + "\",\"paymentMethod\":\"pm_card_visa\"}");
      assertThat(paid.getString("type")).as(paid.encode()).isEqualTo("rec");
      JsonObject shown = viewer.next(f -> f.getValue("body") instanceof JsonObject b && "TIP".equals(b.getString("type")), 10_000);
      assertThat(shown).isNotNull();
      assertThat(shown.getJsonObject("body").getJsonObject("amount").getLong("amount")).isEqualTo(250);
      assertThat(shown.getJsonObject("body").containsKey("paymentId")).isFalse();
      assertThat(shown.encode()).doesNotContain(paid.getJsonObject("body").getString("id"));
      assertThat(gross(creator)).isEqualTo(250);
    }
  }

  static JsonObject command(BridgeClient client, JsonObject headers, String body) {
    String reply = "reply-" + UUID.randomUUID();
    client.frame(new JsonObject().put("type", "send").put("address", "live.tip.send").put("headers", headers)
        .put("replyAddress", reply).put("body", new JsonObject(body)));
    JsonObject frame = client.next(f -> reply.equals(f.getString("address")), 15_000);
    assertThat(frame).as("reply to the tip").isNotNull();
    return frame;
  }
}
