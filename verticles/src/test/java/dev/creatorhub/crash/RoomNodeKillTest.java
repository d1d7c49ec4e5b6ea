package dev.creatorhub.crash;

import dev.creatorhub.node.Node;
import dev.creatorhub.devstack.Ports;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.BridgeClient;
import dev.creatorhub.testing.ChildNode;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.RoomMessages;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import dev.creatorhub.testing.TestStreams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 150 subscribers watch a room on node A (a real process); A is {@code kill -9}'d while the host
 * chats on node B. The host's messages right after the kill, while the cluster still lists A's
 * handlers, are all answered the first time (B's own live domain takes them, not A's dead one).
 * Each viewer reconnects to B with its last seq right away; an authorization refused then could
 * only be a "retry", never a denial, and every viewer ends with every acknowledged message once,
 * in order.
 */
@Timeout(120)
class RoomNodeKillTest {

  private static final int VIEWERS = 150;

  @Test
  void viewersOfAKilledNodeResumeOnTheOtherWithNothingLostOrDuplicated() throws Exception {
    JsonObject configB = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1)
        .put("subscriptions", 1).put("live", 1).put("outbox-relay", 1));
    configB.getJsonObject("live").put("viewersPushMs", 600_000).put("chatPerUserPer10s", 1000);
    configB.getJsonObject("rateLimits").put("enabled", false);
    Node b = TestNodes.start(configB, false);
    JsonObject configA = configB.copy().put("deploy", new JsonObject().put("gateway", 1).put("auth", 1).put("live", 1));
    configA.getJsonObject("http").put("port", Ports.free());
    configA.getJsonObject("management").put("port", Ports.free());
    Path logs = Path.of("target", "crash-logs");
    Files.createDirectories(logs);
    ChildNode a = ChildNode.start(configA, logs.resolve("room-node-a.log"));
    int portB = configB.getJsonObject("http").getInteger("port");
    Http httpB = new Http(portB);
    List<BridgeClient> sockets = new ArrayList<>();
    try {
      JsonObject creator = TestAccounts.creator(httpB, 500, new JsonArray(), 0);
      JsonObject fan = TestAccounts.create(httpB, "SUBSCRIBER");
      assertThat(httpB.post("/api/v1/creators/" + creator.getString("username") + "/subscriptions", "application/json",
          new JsonObject().put("paymentMethod", "pm_card_visa").encode(), "Authorization", "Bearer " + fan.getString("token")).status())
          .isEqualTo(201);
      String bearer = "Bearer " + creator.getString("token");
      String id = TestStreams.startLive(httpB, creator, "kill", "SUBSCRIBERS");
      String room = "live.room." + id;
      JsonObject fanAuth = new JsonObject().put("Authorization", "Bearer " + fan.getString("token"));
      JsonObject hostAuth = new JsonObject().put("Authorization", bearer);

      List<List<JsonObject>> seen = new ArrayList<>();
      for (int i = 0; i < VIEWERS; i++) {
        BridgeClient viewer = BridgeClient.connect(b.vertx(), a.httpPort(), null);
        viewer.register(room, fanAuth);
        sockets.add(viewer);
        seen.add(new ArrayList<>());
      }
      List<String> acknowledged = new ArrayList<>();
      Set<String> attempted = new HashSet<>();
      try (BridgeClient host = BridgeClient.connect(b.vertx(), portB, null)) {
        say(host, hostAuth, id, 1, 10, acknowledged, attempted);
        RoomMessages.collect(sockets, seen, acknowledged.size(), 40_000);

        a.kill();
        // Messages while the viewers are away (they must come from the backlog), sent at once.
        say(host, hostAuth, id, 11, 20, acknowledged, attempted);
        assertThat(attempted).as("chat sends that needed a second try after the kill").hasSize(acknowledged.size());
        // Every viewer reconnects at once, as the web client does on a closed socket.
        List<Integer> retries = new ArrayList<>();
        List<Integer> pending = new ArrayList<>(java.util.stream.IntStream.range(0, VIEWERS).boxed().toList());
        long deadline = System.currentTimeMillis() + 30_000;
        while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
          for (int i : pending) {
            List<JsonObject> got = seen.get(i);
            BridgeClient again = BridgeClient.connect(b.vertx(), portB, null);
            again.register(room, fanAuth.copy().put("lastSeq", got.get(got.size() - 1).getLong("seq")));
            sockets.set(i, again);
          }
          // A refusal comes within the 3-s authorization timeout: each socket is watched until 4 s after the reconnects.
          long watchedUntil = System.currentTimeMillis() + 4000;
          List<Integer> refused = new ArrayList<>();
          for (int i : pending) {
            JsonObject refusal = sockets.get(i).next(f -> "err".equals(f.getString("type")) && room.equals(f.getString("address")),
                Math.max(1, watchedUntil - System.currentTimeMillis()));
            if (refusal != null) {
              assertThat(refusal.getString("message")).as("a timeout is not a denial: %s", refusal).isEqualTo("retry");
              sockets.get(i).close();
              refused.add(i);
              retries.add(1);
            }
          }
          pending = refused;
        }
        assertThat(pending).as("viewers never registered on B").isEmpty();
        say(host, hostAuth, id, 21, 30, acknowledged, attempted);
        RoomMessages.collect(sockets, seen, acknowledged.size(), 40_000);
        System.out.println("RoomNodeKillTest: " + VIEWERS + " viewers moved, " + retries.size() + " registrations told to retry, "
            + acknowledged.size() + " messages acknowledged, " + (attempted.size() - acknowledged.size()) + " chat sends retried");
        for (int i = 0; i < VIEWERS; i++) { // anything more would be a duplicate
          JsonObject extra;
          while ((extra = sockets.get(i).next(f -> "rec".equals(f.getString("type")), 20)) != null) {
            if (extra.getJsonObject("body").getString("type").equals("MESSAGE")) {
              seen.get(i).add(extra.getJsonObject("body"));
            }
          }
        }
      }
      for (List<JsonObject> got : seen) {
        List<String> texts = got.stream().map(m -> m.getString("text")).toList();
        assertThat(texts).as("nothing lost").containsAll(acknowledged);
        assertThat(texts).as("nothing duplicated").doesNotHaveDuplicates();
        assertThat(attempted).as("nothing made up").containsAll(texts);
        assertThat(got).extracting(m -> m.getLong("seq")).isSorted();
      }
    } finally {
      sockets.forEach(BridgeClient::close);
      a.kill();
      Await.result(b.stop());
    }
  }

  private static void say(BridgeClient host, JsonObject auth, String streamId, int from, int to, List<String> acknowledged,
                          Set<String> attempted) {
    for (int n = from; n <= to; n++) {
      String text = "m" + n;
      for (int attempt = 0; attempt < 5; attempt++) {
        String reply = "r-" + UUID.randomUUID();
        String sent = attempt == 0 ? text : text + "#" + attempt;
        attempted.add(sent);
        host.send("live.chat.send", auth, new JsonObject().put("streamId", streamId).put("text", sent), reply);
        JsonObject answer = host.next(f -> reply.equals(f.getString("address")), 6_000);
        if (answer != null && "rec".equals(answer.getString("type"))) {
          acknowledged.add(sent);
          break;
        }
        System.out.println("RoomNodeKillTest: chat " + sent + " at " + java.time.Instant.now() + " answered " + answer);
      }
    }
  }
}
