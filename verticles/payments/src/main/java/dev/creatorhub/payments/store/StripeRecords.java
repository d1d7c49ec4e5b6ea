package dev.creatorhub.payments.store;

import dev.creatorhub.shared.mongo.Mongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/**
 * What the Stripe provider notes about Stripe's objects: the PaymentIntent created for each of our
 * idempotency keys ({@code stripe_intents}) and each user's Stripe customer ({@code stripe_customers}).
 * Both are written once; a second writer keeps the first one's value.
 */
public final class StripeRecords {

  private static final String CUSTOMERS = "stripe_customers";
  private static final String INTENTS = "stripe_intents";

  private final MongoClient mongo;

  public StripeRecords(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** The intent created under {@code key}, or null. */
  public Future<String> intent(String key) {
    return value(INTENTS, key, "intentId");
  }

  public Future<Void> noteIntent(String key, String intentId) {
    return once(INTENTS, key, "intentId", intentId).mapEmpty();
  }

  /** The user's Stripe customer, or null. */
  public Future<String> customer(String userId) {
    return value(CUSTOMERS, userId, "customerId");
  }

  /** Notes the user's customer; the one noted first when another run won. */
  public Future<String> noteCustomer(String userId, String customerId) {
    return once(CUSTOMERS, userId, "customerId", customerId);
  }

  private Future<String> value(String collection, String id, String field) {
    return mongo.findOne(collection, new JsonObject().put("_id", id), null).map(found -> found == null ? null : found.getString(field));
  }

  private Future<String> once(String collection, String id, String field, String value) {
    return mongo.insert(collection, new JsonObject().put("_id", id).put(field, value)).map(value)
        .recover(err -> Mongo.isDuplicateKey(err) ? value(collection, id, field) : Future.failedFuture(err));
  }
}
