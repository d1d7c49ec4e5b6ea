package dev.creatorhub.testing;

import dev.creatorhub.shared.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw-WebSocket client of the event-bus bridge ({@code /eventbus/websocket}), speaking the
 * standard Vert.x bridge frames, as a non-browser client would.
 */
public final class BridgeClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final java.util.List<JsonObject> passed = new java.util.ArrayList<>();
  private volatile boolean closed;

  private BridgeClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    // The bridge writes its frames as binary WebSocket messages.
    socket.handler(data -> frames.add(new JsonObject(data)));
    socket.closeHandler(v -> closed = true);
  }

  public static BridgeClient connect(Vertx vertx, int port, String origin) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket");
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    return new BridgeClient(client, Await.result(client.connect(options)));
  }

  public void send(String address, JsonObject headers, JsonObject body, String replyAddress) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body)
        .put("headers", headers == null ? new JsonObject() : headers);
    if (replyAddress != null) {
      frame.put("replyAddress", replyAddress);
    }
    socket.writeTextMessage(frame.encode());
  }

  public void frame(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  public void register(String address, JsonObject headers) {
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address)
        .put("headers", headers == null ? new JsonObject() : headers).encode());
  }

  /** The next frame (skipping pongs), or null after {@code timeoutMs}. */
  public JsonObject next(long timeoutMs) {
    return next(frame -> true, timeoutMs);
  }

  /**
   * The next frame that {@code wanted} accepts (skipping pongs), or null after {@code timeoutMs}.
   * Frames it passes over are kept, in order, for later calls.
   */
  public JsonObject next(java.util.function.Predicate<JsonObject> wanted, long timeoutMs) {
    for (java.util.Iterator<JsonObject> it = passed.iterator(); it.hasNext(); ) {
      JsonObject frame = it.next();
      if (wanted.test(frame)) {
        it.remove();
        return frame;
      }
    }
    long deadline = System.currentTimeMillis() + timeoutMs;
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return null;
        }
        JsonObject frame = frames.poll(left, TimeUnit.MILLISECONDS);
        if (frame == null) {
          return null;
        }
        if ("pong".equals(frame.getString("type"))) {
          continue;
        }
        if (wanted.test(frame)) {
          return frame;
        }
        passed.add(frame);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Forgets frames passed over so far, then returns every frame (but pongs) that arrives within {@code ms}. */
  public java.util.List<JsonObject> received(long ms) {
    passed.clear();
    java.util.List<JsonObject> out = new java.util.ArrayList<>();
    long deadline = System.currentTimeMillis() + ms;
    for (long left = ms; left > 0; left = deadline - System.currentTimeMillis()) {
      JsonObject frame = next(f -> true, left);
      if (frame != null) {
        out.add(frame);
      }
    }
    return out;
  }

  /** One WebSocket frame as given, however large (a browser sends a message as one frame). */
  public void rawFrame(String text) {
    socket.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame(text, true));
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      socket.close();
    }
    client.close();
  }
}
