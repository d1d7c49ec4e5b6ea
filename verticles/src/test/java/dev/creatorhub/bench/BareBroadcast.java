package dev.creatorhub.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for the room benchmark: a bare Vert.x WebSocket server on {@code /eventbus/websocket}
 * that accepts the same frames as our bridge and broadcasts each {@code send} to every registered
 * socket as the same {@code rec} frame, encoded once — no authentication, storage or event bus.
 * {@code BareBroadcast <port>}; two event loops, like the gateway's two instances, on epoll as the nodes are.
 */
public final class BareBroadcast extends VerticleBase {

  /** Sockets by the event loop that owns them: a broadcast is one task per loop, then plain writes. */
  private static final java.util.Map<io.vertx.core.Context, Set<ServerWebSocket>> SOCKETS = new ConcurrentHashMap<>();
  private static final AtomicLong SEQ = new AtomicLong();

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true)); // as the platform's nodes
    vertx.deployVerticle(BareBroadcast.class, new DeploymentOptions().setInstances(2)
        .setConfig(new JsonObject().put("port", Integer.parseInt(args[0]))));
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer().webSocketHandler(socket -> {
      if (!"/eventbus/websocket".equals(socket.path())) {
        socket.close();
        return;
      }
      socket.handler(data -> onFrame(socket, data));
      socket.closeHandler(v -> SOCKETS.values().forEach(group -> group.remove(socket)));
    }).listen(config().getInteger("port"), "127.0.0.1");
  }

  private void onFrame(ServerWebSocket socket, Buffer data) {
    JsonObject frame = new JsonObject(data);
    switch (frame.getString("type", "")) {
      case "register" -> SOCKETS.computeIfAbsent(vertx.getOrCreateContext(), c -> ConcurrentHashMap.newKeySet()).add(socket);
      case "send" -> {
        Buffer out = new JsonObject().put("type", "rec").put("address", "room")
            .put("body", frame.getJsonObject("body").put("type", "MESSAGE").put("seq", SEQ.incrementAndGet())).toBuffer();
        SOCKETS.forEach((context, group) -> context.runOnContext(v -> {
          for (ServerWebSocket viewer : group) {
            if (!viewer.writeQueueFull()) {
              viewer.write(out);
            }
          }
        }));
      }
      default -> { }
    }
  }
}
