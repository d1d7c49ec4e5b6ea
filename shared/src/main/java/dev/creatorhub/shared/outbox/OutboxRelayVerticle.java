package dev.creatorhub.shared.outbox;

import dev.creatorhub.shared.kafka.KafkaClients;
import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes outbox events to Kafka, then pulls them from their document.
 *
 * <p>Fast path: a domain nudges the relay on its node with the document it just wrote, and the relay
 * sends that document's events at once (one read by id). Safety net: every {@code outbox.pollMs} one
 * relay in the cluster (a cluster lock per collection) scans for events older than
 * {@code outbox.staleAfterMs} that no fast path sent: those of a node that crashed after its write.
 * Either path may occasionally send an event twice; consumers deduplicate by event id.
 */
public class OutboxRelayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);
  public static final String EVENT_ID_HEADER = "eventId";

  private MongoClient mongo;
  private KafkaProducer<String, String> producer;
  private List<String> collections;
  private int batchSize;
  private long staleAfterMs;
  private boolean scanning;
  private boolean stopped;
  private final List<Future<?>> inflight = new ArrayList<>();
  private long timer;

  private static Long setting(JsonObject outbox, String key) {
    return java.util.Objects.requireNonNull(outbox.getLong(key), () -> "outbox." + key + " is not set");
  }

  @Override
  public Future<?> start() {
    JsonObject outbox = config().getJsonObject("outbox");
    collections = outbox.getJsonArray("collections", new JsonArray()).stream().map(String::valueOf).toList();
    // One default, in conf/default.json (the code had a second, different one for pollMs).
    batchSize = setting(outbox, "batchSize").intValue();
    staleAfterMs = setting(outbox, "staleAfterMs");
    long pollMs = setting(outbox, "pollMs");
    mongo = Mongo.client(vertx, config(), "outbox-relay");
    // Creating the Kafka producer blocks (hundreds of ms): off the event loop.
    return vertx.executeBlocking(() -> KafkaClients.producer(vertx, config(), "outbox-relay-" + deploymentID()), false)
        .compose(created -> {
          producer = created;
          timer = vertx.setPeriodic(pollMs, id -> scan());
          return vertx.eventBus().<JsonObject>localConsumer(Outbox.NUDGE_ADDRESS, msg -> sendNow(msg.body())).completion();
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    // Let what is in flight finish, so a clean stop never leaves a sent event un-pulled.
    return Future.join(new ArrayList<>(inflight)).transform(v -> producer.close(2000)).eventually(() -> mongo.close());
  }

  private <T> Future<T> track(Future<T> work) {
    inflight.add(work);
    return work.onComplete(v -> inflight.remove(work));
  }

  private void sendNow(JsonObject nudge) {
    if (stopped || nudge == null || !collections.contains(nudge.getString("collection"))) {
      return;
    }
    String collection = nudge.getString("collection");
    track(mongo.findOne(collection, new JsonObject().put("_id", nudge.getValue("id")), new JsonObject().put(Outbox.FIELD, 1))
        .compose(doc -> doc == null || doc.getJsonArray(Outbox.FIELD, new JsonArray()).isEmpty()
            ? Future.succeededFuture() : relayDocument(collection, doc)))
        .onFailure(err -> LOG.debug("fast outbox send for {} failed; the scan will retry: {}", collection, err.toString()));
  }

  private void scan() {
    if (scanning || stopped) {
      return;
    }
    scanning = true;
    Future<Void> all = Future.succeededFuture();
    for (String collection : collections) {
      all = all.compose(v -> scanCollection(collection).recover(err -> {
        LOG.warn("outbox scan of {} failed, retrying at the next poll: {}", collection, err.toString());
        return Future.succeededFuture();
      }));
    }
    track(all).onComplete(v -> scanning = false);
  }

  private Future<Void> scanCollection(String collection) {
    return vertx.sharedData().getLockWithTimeout("outbox-relay." + collection, 50)
        .transform(ar -> ar.succeeded()
            ? relayStale(collection).eventually(() -> release(ar.result()))
            : Future.succeededFuture());
  }

  private Future<Void> release(Lock lock) {
    lock.release();
    return Future.succeededFuture();
  }

  private Future<Void> relayStale(String collection) {
    String staleBefore = Instant.now().minusMillis(staleAfterMs).toString();
    JsonObject query = new JsonObject().put(Outbox.FIELD + ".0.occurredAt", new JsonObject().put("$lt", staleBefore));
    FindOptions options = new FindOptions().setLimit(batchSize).setFields(new JsonObject().put(Outbox.FIELD, 1));
    return mongo.findWithOptions(collection, query, options).compose(docs -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject doc : docs) {
        chain = chain.compose(v -> relayDocument(collection, doc));
      }
      return chain;
    });
  }

  private Future<Void> relayDocument(String collection, JsonObject doc) {
    JsonArray events = doc.getJsonArray(Outbox.FIELD);
    List<Future<?>> sends = new ArrayList<>();
    List<Object> ids = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonObject event = events.getJsonObject(i);
      ids.add(event.getString("id"));
      KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(
          event.getString("topic"), event.getString("key"), event.encode());
      record.addHeader(EVENT_ID_HEADER, event.getString("id"));
      sends.add(producer.send(record));
    }
    JsonObject pull = new JsonObject().put("$pull", new JsonObject().put(Outbox.FIELD,
        new JsonObject().put("id", new JsonObject().put("$in", new JsonArray(ids)))));
    return Future.all(sends)
        .compose(v -> mongo.updateCollection(collection, new JsonObject().put("_id", doc.getValue("_id")), pull))
        .mapEmpty();
  }
}
