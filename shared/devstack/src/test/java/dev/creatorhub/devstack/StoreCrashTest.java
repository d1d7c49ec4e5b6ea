package dev.creatorhub.devstack;

import dev.creatorhub.shared.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The on-disk embedded store under {@code kill -9} and under many concurrent clients: what it
 * acknowledged is there after a restart, and concurrency never fails a command.
 */
class StoreCrashTest {

  private static Vertx vertx;

  @TempDir
  Path dir;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    Await.result(vertx.close());
  }

  @Test
  void everyAcknowledgedWriteSurvivesAKill() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println("StoreCrashTest seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path file = dir.resolve("mongo.mv");
    int port = Ports.free();
    for (int round = 0; round < 2; round++) {
      Process store = start(file, port);
      MongoClient mongo = client(port);
      Await.result(mongo.insert("warmup", new JsonObject().put("round", round))); // connected before the clock starts
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger counter = new AtomicInteger();
      int r = round;
      List<Future<Void>> writers = new ArrayList<>();
      for (int w = 0; w < 16; w++) {
        writers.add(write(mongo, "r" + r + "-w" + w, counter, acknowledged));
      }
      // Writing for real before the clock starts (a cold JVM is slow at first).
      Await.poll(() -> acknowledged.size() >= 50, 20_000, "the first writes");
      // SIGKILL at a random moment of the writing: no shutdown hook, no final commit.
      CompletableFuture.runAsync(store::destroyForcibly, CompletableFuture.delayedExecutor(random.nextInt(900), TimeUnit.MILLISECONDS)).join();
      store.waitFor(10, TimeUnit.SECONDS);
      Await.result(Future.join(writers).otherwiseEmpty());
      mongo.close();

      Process again = start(file, port);
      MongoClient reader = client(port);
      List<JsonObject> found = Await.result(reader.find("tips", new JsonObject().put("round", r)));
      Set<String> present = ConcurrentHashMap.newKeySet();
      found.forEach(doc -> present.add(doc.getString("_id")));
      Set<String> lost = new java.util.TreeSet<>(acknowledged);
      lost.removeAll(present);
      System.out.println("round " + r + ": " + acknowledged.size() + " acknowledged, " + lost.size() + " lost");
      assertTrue(acknowledged.size() >= 50, "the writers wrote before the kill");
      assertEquals(Set.of(), lost, "acknowledged before the kill, gone after the restart");
      reader.close();
      again.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void fourHundredConcurrentClientsNeverFailACommand() throws Exception {
    int port = Ports.free();
    Process store = start(dir.resolve("busy.mv"), port);
    try {
      MongoClient mongo = MongoClient.createShared(vertx, new JsonObject()
          .put("connection_string", "mongodb://127.0.0.1:" + port).put("db_name", "crash").put("maxPoolSize", 400), "busy");
      AtomicInteger failures = new AtomicInteger();
      List<Future<?>> all = new ArrayList<>();
      for (int c = 0; c < 400; c++) {
        // Hot documents changed and read by many clients at once: where the store's shared state is tested.
        String id = "acct-" + (c % 20);
        Future<?> chain = Future.succeededFuture();
        for (int i = 0; i < 3; i++) {
          String doc = "c" + c + "-" + i;
          chain = chain.compose(v -> mongo.updateCollectionWithOptions("balances", new JsonObject().put("_id", id),
                  new JsonObject().put("$inc", new JsonObject().put("n", 1))
                      .put("$push", new JsonObject().put("outbox", new JsonObject().put("id", doc).put("topic", "tip.sent")))
                      .put("$set", new JsonObject().put("last", doc)),
                  new io.vertx.ext.mongo.UpdateOptions().setUpsert(true)))
              .compose(v -> mongo.find("balances", new JsonObject().put("outbox.topic", "tip.sent")))
              .compose(v -> mongo.updateCollection("balances", new JsonObject().put("_id", id),
                  new JsonObject().put("$pull", new JsonObject().put("outbox", new JsonObject().put("id", doc)))))
              .onFailure(err -> failures.incrementAndGet())
              .otherwiseEmpty();
        }
        all.add(chain);
      }
      Await.result(Future.join(all).otherwiseEmpty());
      long total = Await.result(mongo.find("balances", new JsonObject())).stream().mapToLong(b -> b.getLong("n")).sum();
      assertEquals(0, failures.get(), "commands failed under 400 concurrent clients");
      assertEquals(1200, total, "every acknowledged increment counted");
      mongo.close();
    } finally {
      store.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Future<Void> write(MongoClient mongo, String prefix, AtomicInteger counter, Set<String> acknowledged) {
    String id = prefix + "-" + counter.incrementAndGet();
    int round = Integer.parseInt(prefix.substring(1, prefix.indexOf('-')));
    return mongo.insert("tips", new JsonObject().put("_id", id).put("round", round).put("amount", 500))
        .compose(v -> {
          acknowledged.add(id);
          return write(mongo, prefix, counter, acknowledged);
        });
  }

  private static MongoClient client(int port) {
    return MongoClient.createShared(vertx, new JsonObject().put("connection_string", "mongodb://127.0.0.1:" + port)
        .put("db_name", "crash").put("serverSelectionTimeoutMS", 5000).put("connectTimeoutMS", 2000)
        .put("socketTimeoutMS", 5000), "crash-" + port + "-" + System.nanoTime());
  }

  private static Process start(Path file, int port) throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StoreProcess.class.getName(), file.toString(), String.valueOf(port))
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.currentTimeMillis() + 30_000;
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("READY")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "store-output");
        drain.setDaemon(true);
        drain.start();
        return process;
      }
      if (System.currentTimeMillis() > deadline) {
        break;
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the store process did not start");
  }
}
