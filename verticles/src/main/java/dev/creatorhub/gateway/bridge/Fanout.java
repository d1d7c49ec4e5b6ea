package dev.creatorhub.gateway.bridge;

import dev.creatorhub.shared.bridge.BridgeAddresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers outbound bridge addresses (rooms) to sockets: one event-bus consumer per address per
 * node, however many sockets listen, and each message encoded once per node into the bridge frame
 * every socket gets. Sockets are grouped by the event loop that owns them; a message costs one
 * task per loop, then plain writes.
 *
 * <p>Room bodies carrying a numeric {@code seq} are delivered in seq order: a message that overtakes
 * an earlier one (two nodes publishing to one room) waits up to {@code reorderMs} for the gap to
 * fill. A subscriber that joined with a backlog skips what the backlog already gave it.
 *
 * <p>A socket whose write queue is full does not get the message; after {@code maxDrops} in a row it
 * is closed with a reason, so a slow consumer neither stalls a room nor holds memory.
 */
final class Fanout {

  private static final Logger LOG = LoggerFactory.getLogger(Fanout.class);
  private static final Map<Vertx, Fanout> PER_NODE = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final int maxDrops;
  private final long reorderMs;
  private final Future<Void> ready;
  private final Map<String, Room> rooms = new ConcurrentHashMap<>();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong delivered = new AtomicLong();

  private final class Room {
    final String address;
    final Map<Context, LoopGroup> byLoop = new ConcurrentHashMap<>();
    final Future<Void> ready;
    final MessageConsumer<Object> consumer;
    // Sequencing state, on the consumer's context only.
    long expected = -1;
    final TreeMap<Long, SharedFrame> waiting = new TreeMap<>();
    long gapTimer = -1;

    Room(String address) {
      this.address = address;
      this.consumer = vertx.eventBus().consumer(address, msg -> arrive(this, msg.body()));
      this.ready = consumer.completion();
    }

    /** Subscribers on this node; changed only inside rooms.compute*, so per address in step with byLoop. */
    final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

    int size() {
      return count.get(); // summing the per-loop sets cost a fifth of the CPU while 10k viewers left at once
    }
  }

  private Fanout(Vertx vertx, int maxDrops, long reorderMs) {
    this.vertx = vertx;
    this.maxDrops = maxDrops;
    this.reorderMs = reorderMs;
    this.ready = vertx.eventBus().<JsonObject>consumer(BridgeAddresses.KICK, msg -> kick(msg.body())).completion();
  }

  /** Completes once this node hears kick orders (a node that takes sockets before that could miss a ban). */
  Future<Void> ready() {
    return ready;
  }

  static Fanout of(Vertx vertx, int maxDrops, long reorderMs, String metricsRegistry) {
    return PER_NODE.computeIfAbsent(vertx, v -> {
      ((io.vertx.core.internal.VertxInternal) v).addCloseHook(done -> {
        PER_NODE.remove(v);
        done.succeed();
      });
      Fanout fanout = new Fanout(v, maxDrops, reorderMs);
      BridgeMetrics.register(fanout, metricsRegistry);
      return fanout;
    });
  }

  /**
   * Starts listening (on this node) before the caller authorizes, so nothing published from now on
   * is missed; the subscriber holds live frames until {@link #open} writes its backlog.
   */
  Future<RoomSubscriber> prepare(String address, BridgeSocket socket, String userId, long lastSeq) {
    // The event loop's own context: each socket's handlers run on a duplicate of it (one per request),
    // and grouping by those would make one task per socket instead of one per loop.
    Context context = ((ContextInternal) vertx.getOrCreateContext()).unwrap();
    RoomSubscriber subscriber = new RoomSubscriber(socket, userId, context, lastSeq);
    Room room = rooms.compute(address, (key, existing) -> {
      Room joined = existing != null ? existing : new Room(key);
      if (joined.byLoop.computeIfAbsent(context, c -> new LoopGroup()).add(subscriber)) {
        joined.count.incrementAndGet();
      }
      return joined;
    });
    return room.ready.map(subscriber);
  }

  /** Writes the backlog (bodies with seq after the subscriber's), then what was held, then goes live. */
  void open(RoomSubscriber subscriber, String address, JsonArray backlog) {
    if (backlog != null) {
      for (Object item : backlog) {
        JsonObject body = (JsonObject) item;
        long seq = body.getLong("seq", -1L);
        if (write(subscriber, new SharedFrame(seq, frame(address, body)), address)) {
          delivered.incrementAndGet();
        }
      }
    }
    List<SharedFrame> held = subscriber.held;
    subscriber.held = null;
    held.forEach(f -> {
      if (write(subscriber, f, address)) {
        delivered.incrementAndGet();
      }
    });
    presence(address, subscriber, true);
  }

  private void presence(String address, RoomSubscriber subscriber, boolean present) {
    vertx.eventBus().send(BridgeAddresses.PRESENCE, new JsonObject().put("address", address).put("userId", subscriber.userId).put("present", present));
  }

  void remove(String address, RoomSubscriber subscriber) {
    if (subscriber.removed) {
      return;
    }
    subscriber.removed = true;
    if (subscriber.held == null) {
      presence(address, subscriber, false);
    }
    // Atomic per address with prepare(), so a joiner never lands in a room whose consumer is going away.
    rooms.computeIfPresent(address, (key, room) -> {
      LoopGroup group = room.byLoop.get(subscriber.context);
      if (group != null && group.remove(subscriber)) {
        room.count.decrementAndGet();
      }
      if (room.size() > 0) {
        return room;
      }
      room.consumer.unregister();
      return null;
    });
  }

  private void kick(JsonObject order) {
    Room room = rooms.get(order.getString("address"));
    if (room == null) {
      return;
    }
    String reason = order.getString("reason", "removed");
    Buffer notice = BridgeFrames.ended(room.address, 403, reason);
    room.byLoop.forEach((context, group) -> context.runOnContext(v -> {
      for (RoomSubscriber s : group.members()) {
        if (!s.removed && s.userId.equals(order.getString("userId"))) {
          s.socket.write(notice);
          remove(room.address, s);
          s.onKicked.run();
        }
      }
    }));
  }

  // ---- delivery, on the room consumer's context ----------------------------------------------

  private void arrive(Room room, Object body) {
    long seq = body instanceof JsonObject json ? json.getLong("seq", -1L) : -1L;
    SharedFrame frame = new SharedFrame(seq, frame(room.address, body));
    if (seq < 0) {
      deliver(room, frame);
      return;
    }
    if (room.expected < 0 || seq == room.expected) {
      room.expected = seq + 1;
      deliver(room, frame);
      drain(room);
    } else if (seq > room.expected) {
      room.waiting.put(seq, frame);
      if (room.gapTimer < 0) {
        room.gapTimer = vertx.setTimer(reorderMs, t -> {
          room.gapTimer = -1;
          skipGap(room);
        });
      }
    } // else: older than what was delivered — a duplicate.
  }

  private void drain(Room room) {
    while (!room.waiting.isEmpty() && room.waiting.firstKey() == room.expected) {
      SharedFrame next = room.waiting.pollFirstEntry().getValue();
      room.expected = next.seq() + 1;
      deliver(room, next);
    }
    if (room.waiting.isEmpty() && room.gapTimer >= 0) {
      vertx.cancelTimer(room.gapTimer);
      room.gapTimer = -1;
    }
  }

  /** The missing message never came (its publisher died): move on; a viewer can resume it from the backlog. */
  private void skipGap(Room room) {
    if (!room.waiting.isEmpty()) {
      room.expected = room.waiting.firstKey();
      drain(room);
    }
  }

  private void deliver(Room room, SharedFrame frame) {
    room.byLoop.forEach((context, group) -> {
      if (group.isEmpty()) {
        return;
      }
      context.runOnContext(v -> {
        int written = 0;
        for (RoomSubscriber s : group.members()) {
          if (s.held != null) {
            s.held.add(frame);
          } else if (write(s, frame, room.address)) {
            written++;
          }
        }
        delivered.addAndGet(written); // once per loop and message, not per socket
      });
    });
  }

  /**
   * Writes one frame to one socket; false when skipped (already had it) or dropped (queue full).
   * After {@code maxDrops} drops in a row the socket leaves the room at once and is closed: its close
   * frame queues behind the full buffer, so the connection under it is closed too if it is still
   * open a moment later (logged once, not once per drop).
   */
  private boolean write(RoomSubscriber s, SharedFrame frame, String address) {
    if (s.removed) {
      return false;
    }
    if (frame.seq() >= 0) {
      if (frame.seq() <= s.lastSeq) {
        return false;
      }
      s.lastSeq = frame.seq();
    }
    if (s.socket.writeQueueFull()) {
      dropped.incrementAndGet();
      if (++s.drops >= maxDrops) {
        LOG.info("closing a socket of user {} that fell {} messages behind", s.userId, s.drops);
        remove(address, s);
        s.onKicked.run();
        s.socket.close(4008, "too slow: messages were dropped, reconnect with your last seq");
        vertx.setTimer(SocketBridge.CLOSE_GRACE_MS, t -> s.socket.closeConnection());
      }
      return false;
    }
    s.drops = 0;
    return s.socket.deliver(frame);
  }

  private static Buffer frame(String address, Object body) {
    return new JsonObject().put("type", "rec").put("address", address).put("body", body).toBuffer();
  }

  int subscribers() {
    return rooms.values().stream().mapToInt(Room::size).sum();
  }
}
