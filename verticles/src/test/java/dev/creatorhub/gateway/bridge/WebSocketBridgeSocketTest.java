package dev.creatorhub.gateway.bridge;

import dev.creatorhub.shared.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A raw bridge socket behind a router, as the gateway serves it: the shared frame goes to the channel, in order with Vert.x's writes. */
class WebSocketBridgeSocketTest {

  private Vertx vertx;
  private HttpServer server;
  private final Promise<WebSocketBridgeSocket> accepted = Promise.promise();
  private volatile Context serverContext;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Router router = Router.router(vertx);
    router.get("/eventbus/websocket").handler(ctx -> ctx.request().toWebSocket().onSuccess(ws -> {
      serverContext = vertx.getOrCreateContext();
      accepted.complete(new WebSocketBridgeSocket(ws, ctx.request().connection()));
    }));
    server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  void roomFramesGoStraightToTheChannelInOrderWithRepliesAndNothingFollowsTheCloseFrame() {
    List<String> received = new CopyOnWriteArrayList<>();
    List<Boolean> binary = new CopyOnWriteArrayList<>();
    List<Short> closedWith = new CopyOnWriteArrayList<>();
    WebSocket client = Await.result(vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(server.actualPort()).setURI("/eventbus/websocket")));
    client.frameHandler(frame -> {
      if (frame.isClose()) {
        closedWith.add(frame.closeStatusCode());
      } else if (frame.isFinal()) {
        binary.add(frame.isBinary());
        received.add(frame.binaryData().toString());
      }
    });
    WebSocketBridgeSocket socket = Await.result(accepted.future());
    assertThat(socket.direct()).as("room frames are written to the Netty channel, not through the fallback").isTrue();

    SharedFrame room = new SharedFrame(1, new JsonObject().put("type", "rec").put("body", new JsonObject().put("seq", 1)).toBuffer());
    Promise<Boolean> afterClose = Promise.promise();
    serverContext.runOnContext(v -> {
      socket.write(Buffer.buffer("{\"reply\":1}"));
      assertThat(socket.deliver(room)).isTrue();
      socket.write(Buffer.buffer("{\"reply\":2}"));
      socket.close(4008, "too slow");
      afterClose.complete(socket.deliver(room));
    });
    assertThat(Await.result(afterClose.future())).as("nothing is sent once this side closed").isFalse();
    Await.poll(() -> !closedWith.isEmpty(), 5_000, "the close frame");
    assertThat(received).containsExactly("{\"reply\":1}", room.json().toString(), "{\"reply\":2}");
    assertThat(binary).containsOnly(true);
    assertThat(closedWith).containsExactly((short) 4008);
  }
}
