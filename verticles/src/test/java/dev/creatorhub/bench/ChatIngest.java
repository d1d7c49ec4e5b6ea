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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Benchmark load generator (not a test): chat ingest. Many senders (one bridge WebSocket each, each
 * its own user) send {@code live.chat.send} with a reply address to their rooms, open loop at a total
 * rate that grows step by step; the ack (the command's reply, the message's seq) is timed from the
 * message's intended send time, so a saturated node shows up as latency, not as a slower generator.
 * With {@code -Dviewers=N} each room also has N registered viewers (a mixed run: ingest and
 * fan-out), whose deliveries are counted. With {@code -Dserver.pid=N} each step measures that
 * process's CPU (and its children's) first quiet, then under load, and reports CPU per message, and
 * apart the part of it spent in the embedded store's threads (mongod's on a real deployment).
 *
 * <pre>
 * ChatIngest &lt;port&gt; &lt;senders file: "token streamId" per line&gt; &lt;seconds&gt; &lt;msg/s&gt;...
 * </pre>
 * Loopback only, bounded in time and count.
 */
public final class ChatIngest {

  private record Sender(WebSocket socket, String token, String streamId) {
  }

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxConnections(20_000).setConnectTimeout(30_000).setMaxFrameSize(65_536));
  private final int port;
  private final ServerCpu cpu = Long.getLong("server.pid") == null ? null : new ServerCpu(Long.getLong("server.pid"));
  private final List<Sender> senders = new ArrayList<>();
  /** Intended send time (nanoTime) of each message by id; an ack's address carries the id. */
  private final long[] sentAt = new long[4_000_000];
  private volatile Histogram acks = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
  /** The embedded store's threads (mongo-java-server, its Netty loops, H2): on a real MongoDB this CPU is mongod's. */
  private static final Predicate<String> STORE = name -> name.startsWith("mongo-server") || name.startsWith("H2-")
      || name.startsWith("MVStore") || name.startsWith("nioEventLoopGro");

  private ChatIngest(int port) {
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    ChatIngest load = new ChatIngest(Integer.parseInt(args[0]));
    List<String> lines = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
    int seconds = Integer.parseInt(args[2]);
    load.open(lines, Integer.getInteger("viewers", 0));
    // Warm-up, not reported: the whole node shares one core, and its JIT needs minutes of load to settle.
    String[] warmup = System.getProperty("warmup", "300:90").split(":");
    long nextId = load.run(Integer.parseInt(warmup[0]), Integer.parseInt(warmup[1]), 0, false);
    System.out.printf("%-8s %-8s %10s %8s %10s %10s %10s %10s %12s %10s %8s %12s %12s %12s%n", "senders", "msg/s", "acked/s",
        "refused", "ack p50", "ack p99", "p99.9 ms", "max ms", "deliveries/s", "idle cpu%", "cpu%", "ms/message", "store ms/msg", "us/delivery");
    for (int i = 3; i < args.length; i++) {
      nextId = load.run(Integer.parseInt(args[i]), seconds, nextId, true);
    }
    load.refusals.forEach((reason, count) -> System.out.println("refused " + count + " x " + reason));
    load.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private Future<WebSocket> connect() {
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/eventbus/websocket"));
  }

  /** One socket per sender, and {@code viewersPerRoom} registered viewers on each sender's room. */
  private void open(List<String> lines, int viewersPerRoom) throws Exception {
    List<Future<WebSocket>> opening = new ArrayList<>();
    for (String line : lines) {
      opening.add(connect());
    }
    Future.all(opening).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Map<String, String> rooms = new ConcurrentHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] parts = lines.get(i).trim().split("\\s+");
      WebSocket socket = opening.get(i).result();
      socket.handler(this::answered);
      senders.add(new Sender(socket, parts[0], parts[1]));
      rooms.putIfAbsent(parts[1], parts[0]);
      vertx.setPeriodic(10_000, t -> socket.writeTextMessage("{\"type\":\"ping\"}"));
    }
    List<Future<WebSocket>> watching = new ArrayList<>();
    rooms.forEach((streamId, token) -> {
      for (int v = 0; v < viewersPerRoom; v++) {
        watching.add(connect().onSuccess(socket -> {
          socket.handler(frame -> delivered.incrementAndGet());
          socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "live.room." + streamId)
              .put("headers", new JsonObject().put("Authorization", "Bearer " + token)).encode());
          vertx.setPeriodic(10_000, t -> socket.writeTextMessage("{\"type\":\"ping\"}"));
        }));
      }
    });
    Future.all(watching).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    Thread.sleep(2000); // registrations are asynchronous
  }

  /** An ack is {@code {"type":"rec","address":"a<id>",...}}, a refusal {@code "type":"err"} with the same address. */
  private void answered(Buffer frame) {
    String text = frame.toString();
    int at = text.indexOf("\"address\":\"a");
    if (at < 0) {
      return;
    }
    int from = at + 12;
    int to = text.indexOf('"', from);
    int id = Integer.parseInt(text, from, to, 10);
    if (text.startsWith("{\"type\":\"rec\"")) {
      acked.incrementAndGet();
      acks.recordValue(Math.max(0, (System.nanoTime() - sentAt[id]) / 1000));
    } else {
      refused.incrementAndGet();
      int code = text.indexOf("\"failureCode\":");
      int detail = text.indexOf("\"detail\":\"");
      String key = (code < 0 ? "?" : text.substring(code + 14, text.indexOf(',', code)))
          + (detail < 0 ? "" : " " + text.substring(detail + 10, text.indexOf('"', detail + 10)));
      refusals.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Sends {@code rate} messages a second, round robin over the senders, for {@code seconds}; returns the next id. */
  private long run(int rate, int seconds, long firstId, boolean report) throws Exception {
    double idleRate = report && cpu != null ? cpu.perSecondOver(seconds) : 0;
    acks = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
    acked.set(0);
    refused.set(0);
    delivered.set(0);
    long wallFrom = System.nanoTime();
    double cpuFrom = cpu == null ? 0 : cpu.seconds();
    double storeFrom = cpu == null ? 0 : cpu.threadSeconds(STORE);
    long total = (long) rate * seconds;
    long start = System.nanoTime() + 100_000_000L;
    double periodNanos = 1e9 / rate;
    long n = 0;
    while (n < total) {
      long now = System.nanoTime();
      // Everything due by now goes out together: the generator keeps the rate however coarse its sleep is.
      for (long intended; n < total && (intended = start + (long) (n * periodNanos)) <= now; n++) {
        int id = (int) (firstId + n);
        sentAt[id] = intended;
        Sender sender = senders.get((int) (n % senders.size()));
        sender.socket().writeTextMessage("{\"type\":\"send\",\"address\":\"live.chat.send\",\"replyAddress\":\"a" + id
            + "\",\"headers\":{\"Authorization\":\"Bearer " + sender.token() + "\"},\"body\":{\"streamId\":\"" + sender.streamId()
            + "\",\"text\":\"message " + id + "\"}}");
      }
      TimeUnit.MILLISECONDS.sleep(1);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (acked.get() + refused.get() < total && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(500); // the last fan-out
    double busyCpu = cpu == null ? 0 : cpu.seconds() - cpuFrom;
    double storeCpu = cpu == null ? 0 : cpu.threadSeconds(STORE) - storeFrom;
    double wall = (System.nanoTime() - wallFrom) / 1e9;
    if (report) {
      Histogram h = acks;
      double net = busyCpu - idleRate * wall;
      long deliveries = delivered.get();
      long done = Math.max(1, acked.get());
      String cost = cpu == null ? String.format("%10s %8s %12s %12s %12s", "-", "-", "-", "-", "-")
          : String.format("%10.1f %8.1f %12.3f %12.3f %12s", idleRate * 100, busyCpu / wall * 100, net * 1e3 / done,
              storeCpu * 1e3 / done, deliveries == 0 ? "-" : String.format("%.2f", net * 1e6 / deliveries));
      System.out.printf("%-8d %-8d %10.0f %8d %10.2f %10.2f %10.2f %10.2f %12.0f %s%n", senders.size(), rate,
          acked.get() / (seconds + 0.1), refused.get() + (total - acked.get() - refused.get()), h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
          deliveries / (seconds + 0.1), cost);
    }
    return firstId + total;
  }
}
