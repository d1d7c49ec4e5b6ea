package dev.creatorhub.gateway.bridge;

import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.List;

/** One socket listening to one address. Touched only on its socket's event loop. */
final class RoomSubscriber {
  final BridgeSocket socket;
  final String userId;
  final Context context;
  long lastSeq;
  int drops;
  boolean removed;
  /** Until the backlog is written: live frames held back, in arrival order. */
  List<SharedFrame> held = new ArrayList<>();
  /** Run when the subscription is ended from outside (a kick), so the socket's own bookkeeping follows. */
  Runnable onKicked = () -> { };

  RoomSubscriber(BridgeSocket socket, String userId, Context context, long lastSeq) {
    this.socket = socket;
    this.userId = userId;
    this.context = context;
    this.lastSeq = lastSeq;
  }
}
