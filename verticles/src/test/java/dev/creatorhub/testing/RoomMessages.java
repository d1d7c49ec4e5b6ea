package dev.creatorhub.testing;

import io.vertx.core.json.JsonObject;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What room viewers (bridge sockets) have seen: their MESSAGE bodies, read until each has enough. */
public final class RoomMessages {

  private RoomMessages() {
  }

  /** Reads every viewer's room messages until each has at least {@code count} (MESSAGE bodies only). */
  public static void collect(List<BridgeClient> sockets, List<List<JsonObject>> seen, int count, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (int i = 0; i < sockets.size(); i++) {
      List<JsonObject> got = seen.get(i);
      while (got.size() < count && System.currentTimeMillis() < deadline) {
        JsonObject frame = sockets.get(i).next(f -> "rec".equals(f.getString("type")), 1000);
        if (frame != null && frame.getValue("body") instanceof JsonObject body && "MESSAGE".equals(body.getString("type"))) {
          got.add(body);
        }
      }
      assertThat(got.size()).as("viewer " + i).isGreaterThanOrEqualTo(count);
    }
  }
}
