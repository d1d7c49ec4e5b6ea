package dev.creatorhub.crash;

import dev.creatorhub.devstack.Ports;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.ChildNode;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes (real processes) on one stack, money traffic through both, one of them {@code kill
 * -9}'d at a seeded random moment. Whatever the kill interrupted must finish or be undone: every
 * retry with its key gets one final answer and then always the same one, no key stays running, no
 * subscription stays INCOMPLETE, every fan charged has what he paid for, nothing acknowledged is
 * lost, and the reconciliation is clean. Rerun a failure with {@code -Dcrash.seed=<printed seed>}.
 */
class MoneyCrashTest {

  private static final int FANS = 16;
  private static final Path LOGS = Path.of("target", "crash-logs");

  static ChildNode a;
  static ChildNode b;
  static Http httpB;
  static JsonObject creator;
  static String postId;
  static String admin;
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(LOGS);
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1)
        .put("subscriptions", 1).put("content", 1).put("outbox-relay", 1));
    config.getJsonObject("mongo").put("db", "crash_" + UUID.randomUUID().toString().substring(0, 8));
    config.getJsonObject("rateLimits").put("enabled", false);
    config.put("idempotency", new JsonObject().put("leaseMs", 2000));
    config.getJsonObject("payments").put("schedulerPeriodMs", 500).put("pendingTimeoutSeconds", 3);
    config.getJsonObject("subscriptions").put("schedulerPeriodMs", 500).put("incompleteAfterMs", 3000);
    int clusterA = Ports.free();
    int clusterB = Ports.free();
    config.getJsonObject("cluster").put("name", "crash-" + UUID.randomUUID())
        .put("members", new JsonArray().add("127.0.0.1:" + clusterA).add("127.0.0.1:" + clusterB));
    JsonObject configA = node(config, clusterA);
    JsonObject configB = node(config, clusterB);
    CompletableFuture<ChildNode> startA = CompletableFuture.supplyAsync(() -> launch(configA, "a"));
    b = launch(configB, "b");
    a = startA.join();
    httpB = new Http(b.httpPort());
    admin = TestAccounts.login(httpB, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
    creator = TestAccounts.creator(httpB, 1000, new JsonArray(), 0);
    Http.Response post = httpB.post("/api/v1/posts", "application/json", new JsonObject().put("text", "the locked recipe")
        .put("visibility", "PPV").put("price", new JsonObject().put("amount", 300).put("currency", "USD")).encode(),
        "Authorization", "Bearer " + creator.getString("token"));
    assertThat(post.status()).as(post.body()).isEqualTo(201);
    postId = post.json().getString("id");
  }

  private static JsonObject node(JsonObject base, int clusterPort) {
    JsonObject config = base.copy();
    config.getJsonObject("cluster").put("port", clusterPort);
    config.getJsonObject("http").put("port", Ports.free());
    config.getJsonObject("management").put("port", Ports.free());
    return config;
  }

  private static ChildNode launch(JsonObject config, String name) {
    try {
      return ChildNode.start(config, LOGS.resolve("node-" + name + ".log"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (a != null) {
      a.kill();
    }
    if (b != null) {
      b.kill();
    }
  }

  /** One money request a fan makes: sent once to either node, then retried with its key until it has a final answer. */
  record Operation(String kind, JsonObject fan, String path, JsonObject body, String key) {
    /** What the request deserves, however often it is retried: a declined card is 402, else 201. */
    int rightful() {
      return body.getString("paymentMethod").equals("pm_card_visa") ? 201 : 402;
    }
  }

  record Answer(int status, String id, String body) {
    boolean isFinal() {
      // 5xx, a timeout and "still being processed" are not answers; a retry with the key must give one.
      return status > 0 && status < 500 && !(status == 409 && body.contains("still being processed"))
          && !(status == 409 && body.contains("earlier request with this Idempotency-Key failed"));
    }
  }

  @Test
  void aNodeKilledInTheMiddleOfMoneyTrafficLeavesNothingHalfDone() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("MoneyCrashTest seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
    Random random = new Random(seed);
    List<Operation> operations = new ArrayList<>();
    List<JsonObject> fans = new ArrayList<>();
    for (int i = 0; i < FANS; i++) {
      JsonObject fan = TestAccounts.create(i % 2 == 0 ? httpB : new Http(a.httpPort()), "SUBSCRIBER"); // both nodes warm
      fans.add(fan);
      String card = i % 5 == 4 ? "pm_card_chargeDeclined" : "pm_card_visa";
      operations.add(new Operation("SUBSCRIPTION", fan, "/api/v1/creators/" + creator.getString("username") + "/subscriptions",
          new JsonObject().put("paymentMethod", card), UUID.randomUUID().toString()));
      operations.add(new Operation("PPV", fan, "/api/v1/posts/" + postId + "/purchase",
          new JsonObject().put("paymentMethod", card), UUID.randomUUID().toString()));
      for (int t = 0; t < 4; t++) {
        operations.add(new Operation("TIP", fan, "/api/v1/tips", new JsonObject().put("creator", creator.getString("username"))
            .put("amount", new JsonObject().put("amount", 100 + t).put("currency", "USD")).put("paymentMethod", card),
            UUID.randomUUID().toString()));
      }
    }
    Collections.shuffle(operations, random);
    long killAfterMs = 200 + random.nextInt(1200);
    System.out.println("MoneyCrashTest: " + operations.size() + " operations, node A killed after " + killAfterMs + " ms");

    // First attempts, half to each node, 24 at a time; node A dies partway through.
    Map<String, Answer> first = new ConcurrentHashMap<>();
    Map<String, Integer> firstBy = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(24);
    Semaphore inFlight = new Semaphore(24);
    long started = System.currentTimeMillis();
    CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
          try {
            a.kill();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        CompletableFuture.delayedExecutor(killAfterMs, java.util.concurrent.TimeUnit.MILLISECONDS));
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (Operation op : operations) {
      inFlight.acquire();
      int port = !killer.isDone() && random.nextBoolean() ? a.httpPort() : b.httpPort();
      sent.add(CompletableFuture.runAsync(() -> {
        try {
          Answer answer = send(port, op);
          first.put(op.key(), answer);
          firstBy.merge((port == a.httpPort() ? "A " : "B ") + answer.status(), 1, Integer::sum);
        } finally {
          inFlight.release();
        }
      }, pool));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    killer.join();
    System.out.println("MoneyCrashTest: first attempts done in " + (System.currentTimeMillis() - started) + " ms; "
        + first.values().stream().filter(Answer::isFinal).count() + " final, "
        + first.values().stream().filter(r -> !r.isFinal()).count() + " to retry; by node and status " + new java.util.TreeMap<>(firstBy));

    // Every unanswered request is retried with its key on the surviving node until it is answered.
    Map<String, Answer> answers = new ConcurrentHashMap<>();
    Map<String, Integer> retriedBy = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> retries = new ArrayList<>();
    for (Operation op : operations) {
      retries.add(CompletableFuture.runAsync(() -> {
        Answer[] answer = {first.get(op.key())};
        if (!answer[0].isFinal()) {
          Await.poll(() -> (answer[0] = send(b.httpPort(), op)).isFinal(), 45_000, "an answer to " + op.key() + " on node B");
        }
        answers.put(op.key(), answer[0]);
        retriedBy.merge(op.kind() + " " + first.get(op.key()).status() + " → " + answer[0].status(), 1, Integer::sum);
      }, pool));
    }
    CompletableFuture.allOf(retries.toArray(CompletableFuture[]::new)).join();
    pool.shutdown();
    System.out.println("MoneyCrashTest: first → final answers " + new java.util.TreeMap<>(retriedBy));
    List<String> wrong = operations.stream().filter(op -> answers.get(op.key()).status() != op.rightful())
        .map(op -> op.kind() + " first " + first.get(op.key()) + " final " + answers.get(op.key())).toList();
    assertThat(wrong).as("seed %d: requests that did not get their rightful answer (201, or 402 for a declined card)", seed).isEmpty();

    // The first final answer is the answer: the same again for every later retry.
    for (Operation op : operations) {
      Answer again = send(b.httpPort(), op);
      Answer answer = answers.get(op.key());
      assertThat(again.status()).as("seed %d: %s replayed: %s then %s", seed, op.kind(), answer.body(), again.body()).isEqualTo(answer.status());
      assertThat(again.id()).as("seed %d: %s replayed", seed, op.kind()).isEqualTo(answer.id());
      Answer before = first.get(op.key());
      if (before.isFinal()) {
        assertThat(answer.id()).as("seed %d: acknowledged before the kill", seed).isEqualTo(before.id());
      }
    }

    // Per fan: the money taken is exactly what the answers said was taken, and it bought access.
    for (JsonObject fan : fans) {
      List<Operation> own = operations.stream().filter(op -> op.fan() == fan).toList();
      Set<String> paidIds = new HashSet<>();
      int subscribed = 0;
      boolean bought = false;
      for (Operation op : own) {
        Answer answer = answers.get(op.key());
        if (answer.status() == 201 && op.kind().equals("SUBSCRIPTION")) {
          subscribed++;
        } else if (answer.status() == 201) {
          paidIds.add(answer.id());
          bought |= op.kind().equals("PPV");
        }
      }
      JsonArray history = httpB.get("/api/v1/payments?limit=100", "Authorization", "Bearer " + fan.getString("token")).json()
          .getJsonArray("items");
      Set<String> succeeded = new HashSet<>();
      int subscriptionPayments = 0;
      for (Object item : history) {
        JsonObject payment = (JsonObject) item;
        if ("SUCCEEDED".equals(payment.getString("status"))) {
          if ("SUBSCRIPTION".equals(payment.getString("type"))) {
            subscriptionPayments++;
          } else {
            succeeded.add(payment.getString("id"));
          }
        }
      }
      assertThat(succeeded).as("seed %d: %s charged for exactly what was answered 201", seed, fan.getString("username")).isEqualTo(paidIds);
      String story = own.stream().map(op -> op.kind() + " first " + first.get(op.key()) + " final " + answers.get(op.key()))
          .reduce("", (x, y) -> x + "\n  " + y);
      assertThat(subscriptionPayments).as("seed %d: subscription charges of %s: %s%s", seed, fan.getString("username"), history, story)
          .isEqualTo(subscribed);
      JsonObject post = httpB.get("/api/v1/posts/" + postId, "Authorization", "Bearer " + fan.getString("token")).json();
      assertThat(post.getBoolean("locked")).as("seed %d: the post %s paid for", seed, bought ? "was" : "was not").isEqualTo(!bought);
      JsonArray subscriptions = httpB.get("/api/v1/subscriptions", "Authorization", "Bearer " + fan.getString("token")).json()
          .getJsonArray("items");
      long active = subscriptions.stream().map(s -> (JsonObject) s).filter(s -> "ACTIVE".equals(s.getString("status"))).count();
      assertThat(active).as("seed %d: subscriptions of %s: %s", seed, fan.getString("username"), subscriptions).isEqualTo(subscribed);
    }

    // And the books: balanced, nothing half done, no key left running, no subscription left INCOMPLETE.
    JsonObject[] reports = {null};
    try {
      Await.poll(() -> (reports[0] = httpB.get("/api/v1/admin/ledger/reconciliation", "Authorization", "Bearer " + admin).json())
          .getBoolean("clean", false), 30_000, "a clean reconciliation");
    } catch (AssertionError notClean) {
      // The report's own assertion below says what is not clean.
    }
    JsonObject report = reports[0];
    System.out.println("MoneyCrashTest reconciliation: " + report.encode());
    assertThat(report.getBoolean("clean")).as("seed %d: %s", seed, report).isTrue();
    assertThat(report.getLong("stuckIdempotencyKeys")).isZero();
    assertThat(report.getJsonObject("incompleteSubscriptions").getInteger("count")).isZero();
  }

  private static Answer send(int port, Operation op) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + op.path()))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + op.fan().getString("token"))
        .header("Idempotency-Key", op.key())
        .POST(HttpRequest.BodyPublishers.ofString(op.body().encode())).build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      String id = null;
      if (response.statusCode() == 201 || response.statusCode() == 200) {
        id = new JsonObject(response.body()).getString("id");
      }
      return new Answer(response.statusCode(), id, response.body());
    } catch (Exception e) {
      return new Answer(-1, null, e.toString()); // the node died under the request
    }
  }

}
