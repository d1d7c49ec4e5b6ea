package dev.creatorhub.gateway.bridge;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;

/**
 * One browser's connection to the bridge, whatever carries it: a raw WebSocket
 * ({@link WebSocketBridgeSocket}) or one of SockJS's transports ({@link SockJsBridgeSocket}). Used
 * only on the event loop that owns it.
 */
interface BridgeSocket {

  /** Sends one bridge frame (a JSON object) to this socket. */
  void write(Buffer frame);

  /**
   * Sends a room frame that many sockets of this node get: a transport that can reuse the frame's
   * encoded bytes does so instead of encoding it again per socket. False when nothing was sent (the
   * socket is closing).
   */
  default boolean deliver(SharedFrame frame) {
    write(frame.json());
    return true;
  }

  boolean writeQueueFull();

  /** Closes with a WebSocket close code and reason (SockJS sends them in its close frame). */
  void close(int code, String reason);

  void close();

  /** Closes the connection under the socket at once, for a peer that stopped reading its close frame. */
  void closeConnection();

  /** The headers of the request that opened the socket. */
  MultiMap headers();

  SocketAddress remoteAddress();

  void frameHandler(Handler<Buffer> handler);

  void closeHandler(Handler<Void> handler);
}
