package dev.creatorhub.shared.outbox;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * The transactional outbox without transactions: a domain puts the events of a change into the
 * {@code outbox} array of the very document it writes, so the change and its events are one atomic
 * document write. The {@link OutboxRelayVerticle} publishes them to Kafka, then pulls them from the
 * document; a crash in between republishes with the same event id, which consumers deduplicate.
 */
public final class Outbox {

  public static final String FIELD = "outbox";
  /** Local (per node) address that asks the relay to run now rather than at its next poll. */
  public static final String NUDGE_ADDRESS = "platform.outbox.nudge";

  private Outbox() {
  }

  /** A new event: {@code {id, topic, key, occurredAt, payload}}. {@code key} orders events per aggregate. */
  public static JsonObject event(String topic, String key, JsonObject payload) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("topic", topic)
        .put("key", key)
        .put("occurredAt", Instant.now().toString())
        .put("payload", payload);
  }

  /** Adds events to a document about to be inserted. */
  public static JsonObject attach(JsonObject document, JsonObject... events) {
    JsonArray outbox = document.getJsonArray(FIELD, new JsonArray());
    for (JsonObject event : events) {
      outbox.add(event);
    }
    return document.put(FIELD, outbox);
  }

  /** Adds a {@code $push} of events to an update document, so the update carries its events. */
  public static JsonObject push(JsonObject update, JsonObject... events) {
    JsonObject push = update.getJsonObject("$push", new JsonObject());
    push.put(FIELD, new JsonObject().put("$each", new JsonArray(java.util.List.of((Object[]) events))));
    return update.put("$push", push);
  }

  /** Tells the relay on this node that the document just written carries events: it sends them at once. */
  public static void nudge(Vertx vertx, String collection, Object documentId) {
    vertx.eventBus().publish(NUDGE_ADDRESS, new JsonObject().put("collection", collection).put("id", documentId),
        new DeliveryOptions().setLocalOnly(true));
  }
}
