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

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes outbox events to Kafka: for each configured collection, documents whose {@code outbox}
 * array is not empty are sent in order, then the sent events are pulled from the document. One relay
 * at a time per collection across the cluster (a cluster lock), so events keep their order.
 */
public class OutboxRelayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);
  public static final String EVENT_ID_HEADER = "eventId";

  private MongoClient mongo;
  private KafkaProducer<String, String> producer;
  private List<String> collections;
  private int batchSize;
  private boolean again;
  private boolean stopped;
  private Future<Void> inflight;
  private long timer;

  @Override
  public Future<?> start() {
    JsonObject outbox = config().getJsonObject("outbox");
    collections = outbox.getJsonArray("collections", new JsonArray()).stream().map(String::valueOf).toList();
    batchSize = outbox.getInteger("batchSize", 100);
    mongo = Mongo.client(vertx, config(), "outbox-relay");
    producer = KafkaClients.producer(vertx, config(), "outbox-relay-" + deploymentID());
    timer = vertx.setPeriodic(outbox.getInteger("pollMs", 500), id -> tick());
    return vertx.eventBus().localConsumer(Outbox.NUDGE_ADDRESS, msg -> tick()).completion();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    Future<Void> last = inflight == null ? Future.succeededFuture() : inflight;
    // Let the batch in flight finish, so a clean stop never leaves a sent event un-pulled.
    return last.eventually(() -> producer.close(2000)).eventually(() -> mongo.close());
  }

  private void tick() {
    if (stopped) {
      return;
    }
    if (inflight != null) {
      again = true;
      return;
    }
    again = false;
    Future<Void> all = Future.succeededFuture();
    for (String collection : collections) {
      all = all.compose(v -> relayCollection(collection).recover(err -> {
        LOG.warn("outbox relay for {} failed, retrying at next poll: {}", collection, err.toString());
        return Future.succeededFuture();
      }));
    }
    inflight = all;
    all.onComplete(v -> {
      inflight = null;
      if (again) {
        tick();
      }
    });
  }

  private Future<Void> relayCollection(String collection) {
    return vertx.sharedData().getLockWithTimeout("outbox-relay." + collection, 50)
        .transform(ar -> ar.succeeded()
            ? relayBatch(collection).eventually(() -> release(ar.result()))
            : Future.succeededFuture());
  }

  private Future<Void> release(Lock lock) {
    lock.release();
    return Future.succeededFuture();
  }

  private Future<Void> relayBatch(String collection) {
    JsonObject query = new JsonObject().put(Outbox.FIELD + ".0", new JsonObject().put("$exists", true));
    FindOptions options = new FindOptions().setLimit(batchSize)
        .setFields(new JsonObject().put(Outbox.FIELD, 1));
    return mongo.findWithOptions(collection, query, options).compose(docs -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject doc : docs) {
        chain = chain.compose(v -> relayDocument(collection, doc));
      }
      return chain.map(v -> {
        if (docs.size() == batchSize) {
          again = true;
        }
        return null;
      });
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
