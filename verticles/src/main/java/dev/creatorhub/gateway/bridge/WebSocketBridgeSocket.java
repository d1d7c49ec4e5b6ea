package dev.creatorhub.gateway.bridge;

import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.LoggerFactory;

/**
 * A bridge socket on a raw WebSocket ({@code /eventbus/websocket}): one bridge frame per binary
 * message, as SockJS's raw transport sent them.
 * Room frames skip Vert.x's per-write framing: the encoded WebSocket frame a {@link SharedFrame}
 * holds is written to the connection's Netty channel as it is (decision 0024), one flush per
 * delivery; where no channel can be had, they go through Vert.x like any other frame.
 */
final class WebSocketBridgeSocket implements BridgeSocket {

  /** The name Vert.x gives the idle-timeout handler in a server connection's pipeline. */
  private static final String IDLE_HANDLER = "idle";
  private static volatile boolean warned;
  private final ServerWebSocket socket;
  private final Channel channel;
  /** Set once this side closes: no data frame may follow a close frame (RFC 6455 §5.5.1). */
  private boolean closing;

  /** {@code connection}: the upgraded request's; its channel carries the WebSocket after the upgrade. */
  WebSocketBridgeSocket(ServerWebSocket socket, HttpConnection connection) {
    this.socket = socket;
    this.channel = connection instanceof ConnectionBase base ? base.channel() : null;
    if (channel == null && !warned) {
      warned = true;
      LoggerFactory.getLogger(WebSocketBridgeSocket.class).warn("no Netty channel under {}: room frames go through Vert.x's writes",
          connection == null ? null : connection.getClass().getName());
    }
    // The bridge closes a socket that is silent for 30 s itself (SocketBridge.tick); the server's idle
    // handler would add a promise and a listener to every write.
    if (channel != null && channel.pipeline().get(IDLE_HANDLER) instanceof IdleStateHandler) {
      channel.pipeline().remove(IDLE_HANDLER);
    }
  }

  @Override
  public void write(Buffer frame) {
    if (!closing && !socket.isClosed()) {
      socket.writeBinaryMessage(frame);
    }
  }

  @Override
  public boolean deliver(SharedFrame frame) {
    if (closing || socket.isClosed() || channel != null && !channel.isActive()) {
      return false;
    }
    if (channel == null) {
      socket.writeBinaryMessage(frame.json());
    } else {
      channel.writeAndFlush(frame.webSocketFrame(), channel.voidPromise());
    }
    return true;
  }

  /** The channel's own signal (its outbound bytes over the high-water mark), without Vert.x's lock per call. */
  @Override
  public boolean writeQueueFull() {
    if (channel == null) {
      return !socket.isClosed() && socket.writeQueueFull();
    }
    return !channel.isWritable() && channel.isActive();
  }

  @Override
  public void close(int code, String reason) {
    if (!closing && !socket.isClosed()) {
      closing = true;
      socket.close((short) code, reason);
    }
  }

  @Override
  public void close() {
    if (!closing && !socket.isClosed()) {
      closing = true;
      socket.close();
    }
  }

  /** True when room frames go to the channel as they are (false: through Vert.x's writes). */
  boolean direct() {
    return channel != null;
  }

  @Override
  public void closeConnection() {
    if (channel != null) {
      channel.close();
    }
  }

  @Override
  public MultiMap headers() {
    return socket.headers();
  }

  @Override
  public SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  @Override
  public void frameHandler(Handler<Buffer> handler) {
    socket.handler(handler);
  }

  @Override
  public void closeHandler(Handler<Void> handler) {
    socket.closeHandler(handler);
  }
}
