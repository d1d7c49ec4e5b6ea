package dev.creatorhub.crash;

import dev.creatorhub.node.Node;
import dev.creatorhub.devstack.Ports;
import dev.creatorhub.devstack.RedisServer;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.BridgeClient;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import dev.creatorhub.testing.TestStreams;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis restarts in the middle of a live room and comes back empty (the worst case: nothing
 * persisted). The room's seq must keep growing, so viewers keep receiving: a seq that restarted at
 * 1 made every viewer drop the next messages as already seen while their senders got success.
 */
class RoomRedisRestartTest {

  @TempDir
  Path dir;

  @Test
  void viewersKeepReceivingAfterRedisRestartsEmpty() throws Exception {
    int port = Ports.free();
    RedisServer redis = RedisServer.start("redis-server", dir.resolve("run"), null, port);
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("live", 1));
    config.getJsonObject("redis").put("uri", redis.uri());
    Node node = TestNodes.start(config, false);
    int http = config.getJsonObject("http").getInteger("port");
    Http api = new Http(http);
    try {
      JsonObject creator = TestAccounts.create(api, "CREATOR");
      JsonObject fan = TestAccounts.create(api, "SUBSCRIBER");
      String id = TestStreams.startLive(api, creator, "redis", "PUBLIC");
      String room = "live.room." + id;
      JsonObject fanAuth = new JsonObject().put("Authorization", "Bearer " + fan.getString("token"));
      try (BridgeClient viewer = BridgeClient.connect(node.vertx(), http, null);
           BridgeClient sender = BridgeClient.connect(node.vertx(), http, null)) {
        viewer.register(room, fanAuth);
        assertThat(viewer.next(f -> "rec".equals(f.getString("type")), 10_000)).as("registered").isNotNull();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          chat(sender, fanAuth, id, "before " + i, sent);
        }
        redis.close();
        redis = RedisServer.start("redis-server", dir.resolve("run2"), null, port);
        for (int i = 0; i < 5; i++) {
          chat(sender, fanAuth, id, "after " + i, sent);
        }
        List<String> received = new ArrayList<>();
        JsonObject frame;

        while ((frame = viewer.next(f -> "rec".equals(f.getString("type")) && f.getValue("body") instanceof JsonObject b
            && "MESSAGE".equals(b.getString("type")), 3000)) != null) {
          received.add(frame.getJsonObject("body").getString("text"));
        }
        assertThat(received).as("every message once, in order, across the restart").containsExactlyElementsOf(sent);
      }
    } finally {
      Await.result(node.stop());
      redis.close();
    }
  }

  /** Sends one chat message, retrying while the node reconnects to Redis; records it once it is accepted. */
  private static void chat(BridgeClient sender, JsonObject auth, String streamId, String text, List<String> sent) {
    Await.poll(() -> {
      String reply = "reply-" + UUID.randomUUID();
      sender.send("live.chat.send", auth, new JsonObject().put("streamId", streamId).put("text", text), reply);
      JsonObject answer = sender.next(f -> reply.equals(f.getString("address")), 10_000);
      return answer != null && "rec".equals(answer.getString("type"));
    }, 15_000, "chat '" + text + "' accepted");
    sent.add(text);
  }
}
