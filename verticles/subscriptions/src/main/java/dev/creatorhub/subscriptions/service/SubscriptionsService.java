package dev.creatorhub.subscriptions.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.payments.api.PaymentTopics;
import dev.creatorhub.shared.idempotency.Idempotency;
import dev.creatorhub.shared.kafka.EventConsumer;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.subscriptions.store.SubscriptionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Clock;
import java.util.Set;

/** The subscriptions domain's services over one store, built from the node's configuration. */
public final class SubscriptionsService {

  private final Vertx vertx;
  private final JsonObject config;
  private final MongoClient mongo;
  private final SubscriptionStore store;
  private final Idempotency idempotency;
  public final SubscriptionSettings settings;
  public final Subscribing subscribing;
  public final Renewals renewals;
  public final SubscriptionChanges changes;
  public final SubscriptionLists lists;
  private EventConsumer refunds;

  public SubscriptionsService(Vertx vertx, JsonObject config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    settings = SubscriptionSettings.from(config);
    mongo = Mongo.client(vertx, config, "subscriptions");
    store = new SubscriptionStore(vertx, mongo);
    idempotency = Idempotency.of(vertx, config, mongo, "subscription_idempotency_keys");
    AuthClient auth = new AuthClient(vertx);
    ChargesClient charges = new ChargesClient(vertx);
    Billing billing = new Billing(store, charges, clock);
    subscribing = new Subscribing(store, billing, auth, charges, idempotency, settings, clock);
    renewals = new Renewals(store, billing, subscribing, charges, idempotency, settings, clock);
    changes = new SubscriptionChanges(store, charges, clock);
    lists = new SubscriptionLists(store, auth, clock);
  }

  public Future<Void> createIndexes() {
    return Future.all(idempotency.createIndexes(), store.createIndexes()).mapEmpty();
  }

  /** Starts consuming the events this domain reacts to: a refunded or charged-back subscription payment ends it. */
  public Future<Void> listen() {
    return EventConsumer.start(vertx, config, "subscriptions", "subscriptions-refunds",
            Set.of(PaymentTopics.PAYMENT_REFUNDED), mongo, renewals::onRefund)
        .map(consumer -> {
          refunds = consumer;
          return null;
        });
  }

  public Future<Void> close() {
    return (refunds == null ? Future.<Void>succeededFuture() : refunds.close()).eventually(mongo::close);
  }
}
