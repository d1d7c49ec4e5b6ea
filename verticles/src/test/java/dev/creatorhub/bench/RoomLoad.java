package dev.creatorhub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark load generator (not a test): N viewers on one room over raw WebSocket bridge frames,
 * one publisher sending at a fixed rate; latency from each message's intended send time to its
 * arrival at each viewer (HdrHistogram), deliveries per second and losses.
 *
 * <pre>
 * RoomLoad &lt;port&gt; &lt;room address&gt; &lt;viewer token&gt; &lt;publisher token&gt; &lt;streamId&gt; &lt;seconds&gt; &lt;viewers:rate&gt;...
 * </pre>
 * Against the platform the publisher sends {@code live.chat.send}; against {@link BareBroadcast}
 * (same frames) the server just broadcasts; with {@code -Dprotocol=socketio} it speaks Socket.IO 4
 * (Engine.IO over WebSocket) to {@code scripts/bench/socketio/server.js}. With {@code -Dserver.pid=N}
 * each step also measures that process's CPU: first with the step's viewers connected and quiet (the
 * idle cost), then while publishing, and reports the difference per delivery. Loopback only,
 * bounded in time and count.
 */
public final class RoomLoad {

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxConnections(20_000).setConnectTimeout(30_000).setMaxFrameSize(65_536));
  private final int port;
  private final String room;
  private final String viewerToken;
  private final String streamId;
  private final boolean socketIo = "socketio".equals(System.getProperty("protocol", "bridge"));
  private final ServerCpu cpu = Long.getLong("server.pid") == null ? null : new ServerCpu(Long.getLong("server.pid"));
  private final List<WebSocket> viewers = new ArrayList<>();
  private volatile Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final AtomicLong received = new AtomicLong();
  /** Messages with an id at or above this are counted (earlier steps' stragglers are not). */
  private volatile long countFrom;

  private RoomLoad(int port, String room, String viewerToken, String streamId) {
    this.port = port;
    this.room = room;
    this.viewerToken = viewerToken;
    this.streamId = streamId;
  }

  public static void main(String[] args) throws Exception {
    RoomLoad load = new RoomLoad(Integer.parseInt(args[0]), args[1], args[2], args[4]);
    String publisherToken = args[3];
    int seconds = Integer.parseInt(args[5]);
    WebSocket publisher = load.connect("publisher").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    load.answerPings(publisher);
    long nextId = 0;
    // Warm-up (JIT on both sides), not reported: -Dwarmup=<viewers>:<msg/s>:<seconds>.
    String[] warmup = System.getProperty("warmup", "1000:10:20").split(":");
    load.grow(Integer.parseInt(warmup[0]));
    nextId = load.run(publisher, publisherToken, Integer.parseInt(warmup[0]), Integer.parseInt(warmup[1]),
        Integer.parseInt(warmup[2]), nextId, false);
    System.out.printf("%-8s %-6s %12s %10s %10s %10s %10s %10s %10s %10s %12s %12s%n", "viewers", "msg/s", "deliveries/s", "p50 ms",
        "p99 ms", "p99.9 ms", "max ms", "lost", "idle cpu%", "cpu%", "us/delivery", "us/message");
    for (int i = 6; i < args.length; i++) {
      String[] step = args[i].split(":");
      int viewers = Integer.parseInt(step[0]);
      int rate = Integer.parseInt(step[1]);
      load.grow(viewers);
      nextId = load.run(publisher, publisherToken, viewers, rate, seconds, nextId, true);
    }
    // Held open and quiet so the node's heap per idle viewer can be measured from outside.
    System.out.println("idle " + load.viewers.size());
    Thread.sleep(Integer.getInteger("idleSeconds", 0) * 1000L);
    load.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private Future<WebSocket> connect(String role) {
    String uri = socketIo ? "/socket.io/?EIO=4&transport=websocket&role=" + role : "/eventbus/websocket";
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri));
  }

  /** Socket.IO: opens the default namespace and answers the server's pings (else it drops the socket). */
  private void answerPings(WebSocket socket) {
    if (socketIo) {
      socket.handler(data -> pong(socket, data));
      socket.writeTextMessage("40");
    }
  }

  /** Opens viewers up to {@code target}, 200 at a time, each registered to the room. */
  private void grow(int target) throws Exception {
    while (viewers.size() < target) {
      int batch = Math.min(200, target - viewers.size());
      List<Future<WebSocket>> opening = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        opening.add(connect("viewer").onSuccess(this::watch));
      }
      Future.all(opening).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      opening.forEach(f -> viewers.add(f.result()));
    }
    Thread.sleep(2000); // registrations are asynchronous
  }

  private void watch(WebSocket socket) {
    if (socketIo) {
      socket.handler(data -> {
        if (!pong(socket, data)) {
          arrived(data);
        }
      });
      socket.writeTextMessage("40"); // the server joins a viewer to the room on connect
      return;
    }
    socket.handler(this::arrived);
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", room)
        .put("headers", new JsonObject().put("Authorization", "Bearer " + viewerToken)).encode());
    vertx.setPeriodic(10_000, t -> socket.writeTextMessage("{\"type\":\"ping\"}"));
  }

  /** True when {@code data} was a Socket.IO ping, now answered. */
  private static boolean pong(WebSocket socket, Buffer data) {
    if (data.length() == 1 && data.getByte(0) == '2') {
      socket.writeTextMessage("3");
      return true;
    }
    return false;
  }

  /**
   * A MESSAGE's text is {@code b:<id>:<intended send nanoTime>}; found by scanning the bytes, without
   * decoding or parsing the frame, so the generator spends its share of the two cores on sockets.
   */
  private void arrived(Buffer frame) {
    int length = frame.length();
    int at = -1;
    for (int i = 0; i + 2 < length; i++) {
      if (frame.getByte(i) == '"' && frame.getByte(i + 1) == 'b' && frame.getByte(i + 2) == ':') {
        at = i + 3;
        break;
      }
    }
    if (at < 0) {
      return;
    }
    long id = 0;
    int i = at;
    for (byte c; i < length && (c = frame.getByte(i)) != ':'; i++) {
      id = id * 10 + (c - '0');
    }
    if (id < countFrom) {
      return;
    }
    long intended = 0;
    for (byte c; ++i < length && (c = frame.getByte(i)) != '"'; ) {
      intended = intended * 10 + (c - '0');
    }
    received.incrementAndGet();
    latency.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
  }

  /** Publishes at a fixed rate for {@code seconds}; returns the next message id. */
  private long run(WebSocket publisher, String publisherToken, int viewers, int rate, int seconds, long firstId, boolean report)
      throws Exception {
    double idleRate = report && cpu != null ? cpu.perSecondOver(seconds) : 0;
    latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    received.set(0);
    countFrom = firstId;
    long wallFrom = System.nanoTime();
    double cpuFrom = cpu == null ? 0 : cpu.seconds();
    long total = (long) rate * seconds;
    long start = System.nanoTime() + 100_000_000L;
    long periodNanos = 1_000_000_000L / rate;
    for (long n = 0; n < total; n++) {
      long intended = start + n * periodNanos;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      String text = "b:" + (firstId + n) + ":" + intended;
      publisher.writeTextMessage(socketIo ? "42[\"chat\",{\"text\":\"" + text + "\"}]" : new JsonObject().put("type", "send")
          .put("address", "live.chat.send").put("headers", new JsonObject().put("Authorization", "Bearer " + publisherToken))
          .put("body", new JsonObject().put("streamId", streamId).put("text", text)).encode());
    }
    Thread.sleep(3000); // stragglers
    double busyCpu = cpu == null ? 0 : cpu.seconds() - cpuFrom;
    double wall = (System.nanoTime() - wallFrom) / 1e9;
    long expected = total * viewers;
    long got = received.get();
    Histogram h = latency;
    if (!report) {
      return firstId + total;
    }
    double elapsed = seconds + 0.1;
    double net = busyCpu - idleRate * wall;
    String cost = cpu == null ? String.format("%10s %10s %12s %12s", "-", "-", "-", "-")
        : String.format("%10.1f %10.1f %12.2f %12.1f", idleRate * 100, busyCpu / wall * 100, net * 1e6 / Math.max(1, got), net * 1e6 / total);
    System.out.printf("%-8d %-6d %12.0f %10.2f %10.2f %10.2f %10.2f %10d %s%n", viewers, rate, got / elapsed,
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
        h.getMaxValue() / 1000.0, Math.max(0, expected - got), cost);
    return firstId + total;
  }
}
