package dev.creatorhub.gateway.bridge;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/** A bridge socket on SockJS (its WebSocket, streaming or polling transports), which frames every write itself. */
final class SockJsBridgeSocket implements BridgeSocket {

  private final SockJSSocket socket;

  SockJsBridgeSocket(SockJSSocket socket) {
    this.socket = socket;
  }

  @Override
  public void write(Buffer frame) {
    socket.write(frame);
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public void close(int code, String reason) {
    socket.close(code, reason);
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public void closeConnection() {
    RoutingContext ctx = socket.routingContext();
    if (ctx != null && ctx.request().connection() != null) {
      ctx.request().connection().close();
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
