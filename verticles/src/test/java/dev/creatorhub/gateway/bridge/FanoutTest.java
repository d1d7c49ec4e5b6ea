package dev.creatorhub.gateway.bridge;

import dev.creatorhub.shared.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-node fan-out on its own, with stand-in sockets: order by seq, backlog hand-over, slow sockets, kicks. */
class FanoutTest {

  private Vertx vertx;
  private Fanout fanout;
  private String room;

  /** A socket that records what is written to it; {@code full} makes its write queue report full. */
  static final class FakeSocket implements BridgeSocket {
    final List<JsonObject> written = new CopyOnWriteArrayList<>();
    volatile boolean full;
    volatile Integer closedWith;
    final java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();
    final BridgeSocket socket = this;

    @Override
    public void write(Buffer frame) {
      written.add(new JsonObject(frame));
    }

    @Override
    public boolean writeQueueFull() {
      return full;
    }

    @Override
    public void close(int code, String reason) {
      closedWith = code;
      closes.incrementAndGet();
    }

    @Override
    public void close() {
      close(0, null);
    }

    @Override
    public void closeConnection() {
    }

    @Override
    public io.vertx.core.MultiMap headers() {
      return io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    }

    @Override
    public io.vertx.core.net.SocketAddress remoteAddress() {
      return null;
    }

    @Override
    public void frameHandler(io.vertx.core.Handler<Buffer> handler) {
    }

    @Override
    public void closeHandler(io.vertx.core.Handler<Void> handler) {
    }

    List<Long> seqs() {
      return written.stream().filter(f -> "rec".equals(f.getString("type"))).map(f -> f.getJsonObject("body").getLong("seq")).toList();
    }
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fanout = Fanout.of(vertx, 5, 300, null);
    room = "test.room." + UUID.randomUUID();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private RoomSubscriber join(FakeSocket socket, String userId, long lastSeq, JsonArray backlog) {
    RoomSubscriber subscriber = Await.result(fanout.prepare(room, socket.socket, userId, lastSeq));
    subscriber.context.runOnContext(v -> fanout.open(subscriber, room, backlog));
    return subscriber;
  }

  private void publish(long... seqs) {
    for (long seq : seqs) {
      vertx.eventBus().publish(room, new JsonObject().put("seq", seq).put("type", "MESSAGE"));
    }
  }

  @Test
  void messagesThatOvertakeWaitForTheGapAndAMissingOneIsSkippedAfterTheWait() {
    FakeSocket socket = new FakeSocket();
    join(socket, "u1", -1, null);
    Await.poll(() -> fanout.subscribers() == 1, 2000, "joined");
    publish(1, 3, 2, 4);
    Await.poll(() -> socket.seqs().size() == 4, 2000, "4 messages");
    assertThat(socket.seqs()).containsExactly(1L, 2L, 3L, 4L);
    publish(6, 7); // 5 never comes
    Await.poll(() -> socket.seqs().size() == 6, 2000, "the gap skipped");
    assertThat(socket.seqs()).containsExactly(1L, 2L, 3L, 4L, 6L, 7L);
    publish(7, 3); // late duplicates
    publish(8);
    Await.poll(() -> socket.seqs().size() == 7, 2000, "8");
    assertThat(socket.seqs()).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L);
  }

  @Test
  void aJoinerGetsTheBacklogThenWhatArrivedMeanwhileWithoutRepeats() throws Exception {
    FakeSocket early = new FakeSocket();
    join(early, "u0", -1, null);
    Await.poll(() -> fanout.subscribers() == 1, 2000, "room open");
    publish(10);
    Await.poll(() -> early.seqs().size() == 1, 2000, "10");
    FakeSocket late = new FakeSocket();
    RoomSubscriber subscriber = Await.result(fanout.prepare(room, late.socket, "u2", 10));
    publish(11, 12, 13); // arrive while the backlog is being fetched: held
    Await.poll(() -> early.seqs().size() == 4, 2000, "live 11-13");
    assertThat(late.written).isEmpty();
    JsonArray backlog = new JsonArray().add(new JsonObject().put("seq", 11L).put("type", "MESSAGE"))
        .add(new JsonObject().put("seq", 12L).put("type", "MESSAGE"));
    subscriber.context.runOnContext(v -> fanout.open(subscriber, room, backlog));
    Await.poll(() -> late.seqs().size() == 3, 2000, "backlog then held");
    publish(14);
    Await.poll(() -> late.seqs().size() == 4, 2000, "live");
    assertThat(late.seqs()).containsExactly(11L, 12L, 13L, 14L);
  }

  @Test
  void aSocketThatCannotKeepUpIsClosedWhileTheRoomGoesOn() {
    FakeSocket fast = new FakeSocket();
    FakeSocket slow = new FakeSocket();
    slow.full = true;
    join(fast, "u1", -1, null);
    join(slow, "u2", -1, null);
    Await.poll(() -> fanout.subscribers() == 2, 2000, "joined");
    long dropped = fanout.dropped.get();
    publish(1, 2, 3, 4, 5, 6, 7, 8);
    Await.poll(() -> fast.seqs().size() == 8, 2000, "the fast socket has everything");
    Await.poll(() -> slow.closedWith != null, 2000, "the slow socket closed");
    assertThat(slow.closedWith).isEqualTo(4008);
    assertThat(slow.written).isEmpty();
    assertThat(fanout.dropped.get() - dropped).isGreaterThanOrEqualTo(5);

    // Its close frame queues behind the full buffer: the room stops writing to it at once (no more
    // drops, one close, one log line), whatever the socket does.
    long droppedAtClose = fanout.dropped.get();
    publish(9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
    Await.poll(() -> fast.seqs().size() == 20, 2000, "the room goes on");
    assertThat(fanout.dropped.get()).isEqualTo(droppedAtClose);
    assertThat(slow.closes.get()).isEqualTo(1);
    assertThat(fanout.subscribers()).isEqualTo(1);
  }

  @Test
  void aKickEndsOneUsersSubscriptionsOnly() {
    FakeSocket banned = new FakeSocket();
    FakeSocket other = new FakeSocket();
    join(banned, "bad", -1, null);
    join(other, "good", -1, null);
    Await.poll(() -> fanout.subscribers() == 2, 2000, "joined");
    vertx.eventBus().publish(dev.creatorhub.shared.bridge.BridgeAddresses.KICK, new JsonObject().put("address", room).put("userId", "bad").put("reason", "banned"));
    Await.poll(() -> fanout.subscribers() == 1, 2000, "kicked");
    publish(1);
    Await.poll(() -> other.seqs().size() == 1, 2000, "others still hear");
    assertThat(banned.seqs()).isEmpty();
    assertThat(banned.written).singleElement().satisfies(f -> {
      assertThat(f.getString("type")).isEqualTo("err");
      assertThat(f.getString("message")).isEqualTo("banned");
      assertThat(f.getJsonObject("body").getString("reason")).isEqualTo("banned");
    });
  }
}
