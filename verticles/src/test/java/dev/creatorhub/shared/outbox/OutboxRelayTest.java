package dev.creatorhub.shared.outbox;

import dev.creatorhub.shared.kafka.EventConsumer;
import dev.creatorhub.shared.kafka.KafkaClients;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.devstack.TestStack;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class OutboxRelayTest {

  private static final int EVENTS = 300;

  @Test
  void everyEventReachesTheConsumerOnceAcrossRelayRestartsAndRepublishing(Vertx vertx) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String collection = "outbox_test_" + suffix;
    String topic = "test.outbox." + suffix;
    JsonObject config = TestStack.config();
    config.getJsonObject("outbox").put("collections", new JsonArray().add(collection)).put("pollMs", 20).put("batchSize", 10)
        .put("staleAfterMs", 0); // nothing nudges here: the scan (the crash safety net) does all the work
    MongoClient mongo = Mongo.client(vertx, config, "outbox-test");

    List<Future<?>> inserts = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      JsonObject event = Outbox.event(topic, "agg-" + (i % 7), new JsonObject().put("n", i));
      inserts.add(mongo.insert(collection, Outbox.attach(new JsonObject().put("_id", "doc-" + i).put("n", i), event)));
    }
    Await.result(Future.all(inserts));

    Map<String, Integer> handled = new ConcurrentHashMap<>();
    Await.result(EventConsumer.start(vertx, config, "test", "outbox-test-" + suffix, Set.of(topic), mongo, event -> {
      handled.merge(event.getString("id"), 1, Integer::sum);
      return Future.succeededFuture();
    }));
    AtomicInteger raw = new AtomicInteger();
    KafkaConsumer<String, String> rawConsumer = KafkaClients.consumer(vertx, config, "raw-" + suffix);
    rawConsumer.handler(r -> raw.incrementAndGet());
    Await.result(rawConsumer.subscribe(topic));

    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    String first = Await.result(vertx.deployVerticle(new OutboxRelayVerticle(), options));
    Await.result(Await.until(vertx, () -> pending(mongo, collection).map(n -> n <= EVENTS * 2 / 3), 60_000, "some events sent"));
    // Restart the relay mid-way.
    Await.result(vertx.undeploy(first));
    long pendingWhileStopped = Await.result(pending(mongo, collection));
    assertThat(pendingWhileStopped).isGreaterThan(0);
    Await.result(vertx.deployVerticle(new OutboxRelayVerticle(), options));
    Await.result(Await.until(vertx, () -> pending(mongo, collection).map(n -> n == 0), 60_000, "outbox drained"));

    // A crash between the Kafka send and the pull leaves a sent event in its document: put one back.
    JsonObject sent = Await.result(mongo.findOne("test_processed_events", new JsonObject().put("_id", new JsonObject().put("$regex", "^outbox-test-" + suffix)), null));
    assertThat(sent).isNotNull();
    String sentEventId = sent.getString("_id").substring(sent.getString("_id").indexOf('|') + 1);
    JsonObject republished = new JsonObject().put("id", sentEventId).put("topic", topic).put("key", "agg-0")
        .put("occurredAt", "2026-01-01T00:00:00Z").put("payload", new JsonObject().put("n", -1));
    Await.result(mongo.updateCollection(collection, new JsonObject().put("_id", "doc-0"),
        Outbox.push(new JsonObject(), republished)));

    Await.result(Await.until(vertx, () -> Future.succeededFuture(handled.size() == EVENTS && raw.get() >= EVENTS + 1),
        60_000, "all events consumed and the duplicate delivered"));
    Await.result(Await.until(vertx, () -> pending(mongo, collection).map(n -> n == 0), 30_000, "republished event sent"));
    // Give a duplicate the chance to be (wrongly) processed before asserting.
    Await.result(Await.until(vertx, () -> Future.succeededFuture(raw.get() >= EVENTS + 1), 10_000, "raw count"));
    assertThat(handled).hasSize(EVENTS);
    assertThat(handled.values()).allMatch(count -> count == 1);
    assertThat(raw.get()).isGreaterThanOrEqualTo(EVENTS + 1);
    Await.result(rawConsumer.close());
  }

  private static Future<Long> pending(MongoClient mongo, String collection) {
    return mongo.count(collection, new JsonObject().put(Outbox.FIELD + ".0", new JsonObject().put("$exists", true)));
  }

  @Test
  void aNudgedDocumentIsSentAtOnceWithoutWaitingForTheScan(Vertx vertx) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String collection = "outbox_fast_" + suffix;
    String topic = "test.outbox.fast." + suffix;
    JsonObject config = TestStack.config();
    // The scan only looks at events older than a minute: only the nudge can deliver within the test.
    config.getJsonObject("outbox").put("collections", new JsonArray().add(collection)).put("pollMs", 50).put("staleAfterMs", 60_000);
    MongoClient mongo = Mongo.client(vertx, config, "outbox-fast-test");
    Map<String, Integer> handled = new ConcurrentHashMap<>();
    Await.result(EventConsumer.start(vertx, config, "test", "outbox-fast-" + suffix, Set.of(topic), mongo, event -> {
      handled.merge(event.getString("id"), 1, Integer::sum);
      return Future.succeededFuture();
    }));
    Await.result(vertx.deployVerticle(new OutboxRelayVerticle(), new DeploymentOptions().setConfig(config)));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      JsonObject event = Outbox.event(topic, "k", new JsonObject().put("n", i));
      ids.add(event.getString("id"));
      String docId = "fast-" + i;
      Await.result(mongo.insert(collection, Outbox.attach(new JsonObject().put("_id", docId), event)));
      Outbox.nudge(vertx, collection, docId);
    }
    Await.result(Await.until(vertx, () -> Future.succeededFuture(handled.keySet().containsAll(ids)), 30_000, "nudged events"));
    Await.result(Await.until(vertx, () -> pending(mongo, collection).map(n -> n == 0), 10_000, "pulled after sending"));
    assertThat(handled.values()).allMatch(count -> count == 1);
  }
}
