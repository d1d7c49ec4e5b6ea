package dev.creatorhub.shared.kafka;

import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Consumes outbox events one at a time: skip an event id this group already processed, handle it,
 * remember its id, then commit exactly that record's offset. A failed handler is retried with a
 * growing delay; after {@code maxAttempts} the event is parked and skipped. The consuming domain
 * owns the two collections: {@code <domain>_processed_events} and {@code <domain>_dead_events}.
 */
public final class EventConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);

  private final Vertx vertx;
  private final KafkaConsumer<String, String> consumer;
  private final MongoClient mongo;
  private final String group;
  private final Function<JsonObject, Future<Void>> handler;
  private final int maxAttempts;
  private final String processed;
  private final String dead;

  private EventConsumer(Vertx vertx, JsonObject config, String domain, String group, MongoClient mongo,
                        Function<JsonObject, Future<Void>> handler, int maxAttempts) {
    this.vertx = vertx;
    this.processed = domain + "_processed_events";
    this.dead = domain + "_dead_events";
    this.group = group;
    this.mongo = mongo;
    this.handler = handler;
    this.maxAttempts = maxAttempts;
    this.consumer = KafkaClients.consumer(vertx, config, group);
  }

  /**
   * Starts consuming {@code topics} as consumer group {@code group} for {@code domain} (which names
   * its bookkeeping collections); the handler gets the event envelope {@code {id, topic, key, occurredAt, payload}}.
   */
  public static Future<EventConsumer> start(Vertx vertx, JsonObject config, String domain, String group, Set<String> topics,
                                            MongoClient mongo, Function<JsonObject, Future<Void>> handler) {
    // Creating a Kafka client blocks (hundreds of ms): off the event loop; records still arrive on the caller's context.
    return vertx.executeBlocking(() -> new EventConsumer(vertx, config, domain, group, mongo, handler, 5), false).compose(ec -> {
      ec.consumer.handler(ec::onRecord);
      ec.consumer.exceptionHandler(err -> LOG.warn("consumer {} error: {}", group, err.toString()));
      return ec.consumer.subscribe(topics).map(ec);
    });
  }

  public Future<Void> close() {
    return consumer.close();
  }

  private void onRecord(KafkaConsumerRecord<String, String> record) {
    consumer.pause();
    process(record, 1)
        .compose(v -> consumer.commit(Map.of(new TopicPartition(record.topic(), record.partition()),
            new OffsetAndMetadata(record.offset() + 1, ""))))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("consumer {} could not commit {}: {}", group, record.offset(), ar.cause().toString());
          }
          consumer.resume();
        });
  }

  private Future<Void> process(KafkaConsumerRecord<String, String> record, int attempt) {
    JsonObject event;
    try {
      event = new JsonObject(record.value());
    } catch (RuntimeException e) {
      return park(record.value(), "not a JSON event");
    }
    String markerId = group + "|" + event.getString("id");
    return mongo.findOne(processed, new JsonObject().put("_id", markerId), new JsonObject().put("_id", 1))
        .compose(seen -> seen != null ? Future.<Void>succeededFuture() : handler.apply(event)
            .compose(v -> mongo.insert(processed, new JsonObject().put("_id", markerId)
                .put("at", Instant.now().toString())))
            .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture() : Future.failedFuture(err))
            .mapEmpty())
        .recover(err -> {
          if (attempt >= maxAttempts) {
            LOG.error("consumer {} gives up on event {} after {} attempts", group, event.getString("id"), attempt, err);
            return park(record.value(), err.toString());
          }
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(200L << attempt, t -> process(record, attempt + 1).onComplete(retried));
          return retried.future();
        });
  }

  private Future<Void> park(String value, String reason) {
    return mongo.insert(dead, new JsonObject().put("group", group).put("value", value)
        .put("reason", reason).put("at", Instant.now().toString())).mapEmpty();
  }
}
