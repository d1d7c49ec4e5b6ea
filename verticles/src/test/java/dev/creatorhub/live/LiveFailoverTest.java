package dev.creatorhub.live;

import dev.creatorhub.node.Node;
import dev.creatorhub.devstack.Ports;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.BridgeClient;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.RoomMessages;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import dev.creatorhub.testing.TestStreams;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Node A stops under 200 viewers; they reconnect to node B with their last seq and miss nothing. */
@Timeout(240)
class LiveFailoverTest {

  private static final int VIEWERS = 200;

  @Test
  void viewersOfAStoppedNodeResumeOnTheOtherWithoutLossOrDuplicates() {
    JsonObject configA = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("live", 1));
    configA.getJsonObject("live").put("viewersPushMs", 600_000);
    JsonObject configB = configA.copy();
    configB.getJsonObject("http").put("port", Ports.free());
    Node a = TestNodes.start(configA, false);
    Node b = TestNodes.start(configB, false);
    int portA = configA.getJsonObject("http").getInteger("port");
    int portB = configB.getJsonObject("http").getInteger("port");
    Http httpB = new Http(portB);
    List<BridgeClient> sockets = new ArrayList<>();
    try {
      JsonObject creator = TestAccounts.create(httpB, "CREATOR");
      JsonObject fan = TestAccounts.create(httpB, "SUBSCRIBER");
      String bearerCreator = "Bearer " + creator.getString("token");
      String id = TestStreams.startLive(httpB, creator, "failover", "PUBLIC");
      long joinedAt = httpB.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", "Bearer " + fan.getString("token"))
          .json().getLong("lastSeq");
      JsonObject fanAuth = new JsonObject().put("Authorization", "Bearer " + fan.getString("token"));
      String room = "live.room." + id;

      // 200 viewers on node A, each asking for everything after the seq it joined at.
      for (int i = 0; i < VIEWERS; i++) {
        BridgeClient viewer = BridgeClient.connect(b.vertx(), portA, null);
        viewer.register(room, fanAuth.copy().put("lastSeq", joinedAt));
        sockets.add(viewer);
      }
      List<List<JsonObject>> seen = new ArrayList<>();
      IntStream.range(0, VIEWERS).forEach(i -> seen.add(new ArrayList<>()));
      try (BridgeClient host = BridgeClient.connect(b.vertx(), portB, null)) {
        JsonObject hostAuth = new JsonObject().put("Authorization", bearerCreator);
        say(host, hostAuth, id, 1, 10);
        RoomMessages.collect(sockets, seen, 10, 30_000);

        Await.result(a.stop());
        say(host, hostAuth, id, 11, 20); // nobody is listening: these wait in the backlog

        for (int i = 0; i < VIEWERS; i++) {
          List<JsonObject> got = seen.get(i);
          long last = got.get(got.size() - 1).getLong("seq");
          BridgeClient again = BridgeClient.connect(b.vertx(), portB, null);
          again.register(room, fanAuth.copy().put("lastSeq", last));
          sockets.set(i, again);
        }
        RoomMessages.collect(sockets, seen, 20, 30_000);
        say(host, hostAuth, id, 21, 25);
        RoomMessages.collect(sockets, seen, 25, 30_000);
        for (int i = 0; i < VIEWERS; i++) { // anything more would be a duplicate
          JsonObject extra;
          while ((extra = sockets.get(i).next(f -> "rec".equals(f.getString("type")), 20)) != null) {
            if (extra.getJsonObject("body").getString("type").equals("MESSAGE")) {
              seen.get(i).add(extra.getJsonObject("body"));
            }
          }
        }
      }
      List<String> expected = IntStream.rangeClosed(1, 25).mapToObj(n -> "m" + n).toList();
      for (List<JsonObject> got : seen) {
        assertThat(got).extracting(m -> m.getString("text")).containsExactlyElementsOf(expected);
        assertThat(got).extracting(m -> m.getLong("seq")).isSorted().doesNotHaveDuplicates();
      }
    } finally {
      sockets.forEach(BridgeClient::close);
      Await.result(b.stop());
      a.stop();
    }
  }

  private static void say(BridgeClient host, JsonObject auth, String streamId, int from, int to) {
    for (int n = from; n <= to; n++) {
      String reply = "r-" + UUID.randomUUID();
      host.send("live.chat.send", auth, new JsonObject().put("streamId", streamId).put("text", "m" + n), reply);
      JsonObject answer = host.next(f -> reply.equals(f.getString("address")), 10_000);
      assertThat(answer).isNotNull();
      assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("rec");
    }
  }
}
