package dev.creatorhub.payments.store;

import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/** Provider events already applied, by event id (applied once however often they arrive). */
public final class WebhookEvents {

  private final MongoClient mongo;

  public WebhookEvents(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** False when the event was seen before. */
  public Future<Boolean> first(String id, String type, String at) {
    return mongo.insert(PaymentsCollections.WEBHOOK_EVENTS, new JsonObject().put("_id", id).put("type", type).put("receivedAt", at))
        .map(v -> true).recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  /** Forgets an event that was not applied, so the provider's retry applies it. */
  public Future<Void> forget(String id) {
    return mongo.removeDocument(PaymentsCollections.WEBHOOK_EVENTS, new JsonObject().put("_id", id)).mapEmpty();
  }
}
