package dev.creatorhub.live;

import dev.creatorhub.node.Node;
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
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams end when their creator is gone, a creator is live in one stream at most (enforced by the
 * store, also when two starts race), and a deleted chat message is gone from every path that serves it.
 */
@Timeout(180)
class StreamLifecycleTest {

  static Node node;
  static Http http;
  static int port;

  @BeforeAll
  static void start() {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1).put("live", 1));
    config.getJsonObject("live").put("viewersPushMs", 300).put("creatorAwaySeconds", 2);
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

  static String create(JsonObject creator, String title) {
    Http.Response created = http.post("/api/v1/streams", "application/json", new JsonObject().put("title", title).put("access", "PUBLIC").encode(),
        "Authorization", bearer(creator));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  static Http.Response act(JsonObject creator, String id, String action) {
    return http.post("/api/v1/streams/" + id + "/" + action, null, "", "Authorization", bearer(creator));
  }

  static String status(String id, JsonObject viewer) {
    return http.get("/api/v1/streams/" + id, "Authorization", bearer(viewer)).json().getString("status");
  }

  @Test
  void aCreatorIsLiveInOneStreamAtMostEvenWhenStartsRace() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    String first = create(creator, "first");
    String second = create(creator, "second");
    assertThat(act(creator, first, "start").status()).isEqualTo(200);
    Http.Response refused = act(creator, second, "start");
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().getString("liveStreamId")).isEqualTo(first);
    assertThat(act(creator, first, "end").status()).isEqualTo(200);
    assertThat(act(creator, second, "start").status()).isEqualTo(200);
    assertThat(act(creator, second, "end").status()).isEqualTo(200);

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(create(creator, "race " + i));
    }
    List<CompletableFuture<Http.Response>> starts = ids.stream()
        .map(id -> CompletableFuture.supplyAsync(() -> act(creator, id, "start"))).toList();
    List<Integer> statuses = starts.stream().map(CompletableFuture::join).map(Http.Response::status).toList();
    assertThat(statuses).containsOnly(200, 409);
    assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
    JsonArray live = http.get("/api/v1/streams?status=LIVE&creator=" + creator.getString("username")).json().getJsonArray("items");
    assertThat(live).hasSize(1);
  }

  @Test
  void aLiveStreamEndsByItselfOnceItsCreatorIsAway() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String id = create(creator, "here, then gone");
    assertThat(act(creator, id, "start").status()).isEqualTo(200);
    try (BridgeClient studio = BridgeClient.connect(node.vertx(), port, null);
         BridgeClient viewer = BridgeClient.connect(node.vertx(), port, null)) {
      studio.register("live.room." + id, new JsonObject().put("Authorization", bearer(creator)));
      viewer.register("live.room." + id, new JsonObject().put("Authorization", bearer(fan)));
      assertThat(viewer.next(f -> "rec".equals(f.getString("type")), 5000)).isNotNull();
      // Connected for longer than the away time: still live.
      viewer.received(3500);
      assertThat(status(id, fan)).isEqualTo("LIVE");
      studio.close();
      JsonObject ended = viewer.next(f -> f.getValue("body") instanceof JsonObject b && "STREAM_ENDED".equals(b.getString("event")), 15_000);
      assertThat(ended).as("the room hears the end").isNotNull();
      assertThat(ended.getJsonObject("body").getString("reason")).isEqualTo("creator_away");
    }
    assertThat(status(id, fan)).isEqualTo("ENDED");
    assertThat(http.get("/api/v1/streams?status=LIVE").json().getJsonArray("items").stream()
        .map(s -> ((JsonObject) s).getString("id"))).doesNotContain(id);

    // Started and never joined by its creator: ended too.
    String unattended = create(creator, "never joined");
    assertThat(act(creator, unattended, "start").status()).isEqualTo(200);
    Await.poll(() -> "ENDED".equals(status(unattended, fan)), 15_000, "an unattended stream ends");
  }

  @Test
  void aDeletedChatMessageIsGoneFromTheHistoryAndTheReconnectBacklog() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String id = create(creator, "chat");
    assertThat(act(creator, id, "start").status()).isEqualTo(200);
    JsonObject fanAuth = new JsonObject().put("Authorization", bearer(fan));
    long deletedSeq;
    try (BridgeClient studio = BridgeClient.connect(node.vertx(), port, null);
         BridgeClient viewer = BridgeClient.connect(node.vertx(), port, null)) {
      studio.register("live.room." + id, new JsonObject().put("Authorization", bearer(creator)));
      viewer.register("live.room." + id, fanAuth);
      assertThat(viewer.next(f -> "rec".equals(f.getString("type")), 5000)).isNotNull();
      deletedSeq = send(viewer, fanAuth, "live.chat.send", new JsonObject().put("streamId", id).put("text", "a rude remark"))
          .getJsonObject("body").getLong("seq");
      send(viewer, fanAuth, "live.chat.send", new JsonObject().put("streamId", id).put("text", "a kind remark"));
      JsonObject deleted = send(studio, new JsonObject().put("Authorization", bearer(creator)), "live.mod.delete",
          new JsonObject().put("streamId", id).put("seq", deletedSeq));
      assertThat(deleted.getString("type")).as(deleted.encode()).isEqualTo("rec");

      String history = http.get("/api/v1/streams/" + id + "/messages?afterSeq=0", "Authorization", bearer(fan)).body();
      assertThat(history).contains("a kind remark").doesNotContain("a rude remark");
      try (BridgeClient back = BridgeClient.connect(node.vertx(), port, null)) {
        back.register("live.room." + id, fanAuth.copy().put("lastSeq", 0));
        List<JsonObject> replayed = back.received(1500);
        assertThat(replayed).extracting(JsonObject::encode).anyMatch(f -> f.contains("a kind remark"))
            .noneMatch(f -> f.contains("a rude remark"));
      }
    }
  }

  static JsonObject send(BridgeClient client, JsonObject headers, String address, JsonObject body) {
    String reply = "reply-" + UUID.randomUUID();
    client.send(address, headers, body, reply);
    JsonObject frame = client.next(f -> reply.equals(f.getString("address")), 10_000);
    assertThat(frame).as("reply to " + address).isNotNull();
    return frame;
  }
}
