package dev.creatorhub.payments.service;

import dev.creatorhub.payments.store.Accounts;
import dev.creatorhub.payments.store.Ledger;
import dev.creatorhub.payments.store.PaymentsCollections;
import dev.creatorhub.shared.idempotency.Idempotency;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What an operator asks after an incident: does the ledger balance, and does it agree with the
 * payment and payout records? Besides the postings summing to zero it reports what the postings alone
 * cannot show: one fan holding two kept payments for one offer, payouts in flight (and whether the
 * ledger holds the same amount for them), payments that took money without a journal entry, what
 * a crash can leave half done (payments kept but never granted, grants whose payment is not kept,
 * idempotency keys still running after their lease) and the subscriptions domain's interrupted
 * attempts.
 */
final class Reconciliation {

  private static final int SAMPLE = 20;
  private static final JsonArray MONEY_TAKEN = new JsonArray().add("SUCCEEDED").add("REFUNDED").add("DISPUTED");

  private final MongoClient mongo;
  private final Ledger ledger;
  private final Idempotency keys;
  private final Supplier<Future<JsonObject>> subscriptions;

  /** {@code subscriptions} asks that domain for its part; when it does not answer, the report says so and is not clean. */
  Reconciliation(MongoClient mongo, Ledger ledger, Idempotency keys, Supplier<Future<JsonObject>> subscriptions) {
    this.mongo = mongo;
    this.ledger = ledger;
    this.keys = keys;
    this.subscriptions = subscriptions;
  }

  Future<JsonObject> run() {
    Future<JsonObject> postings = ledger.reconcile();
    Future<JsonObject> duplicates = duplicatePurchases();
    Future<JsonObject> inFlight = payoutsInFlight();
    Future<JsonObject> unbooked = paymentsWithoutEntry();
    Future<JsonObject> access = grants();
    Future<Long> stuck = keys.stuck();
    // No subscriptions domain in the cluster: nothing of it can be half done. Deployed but silent: not clean.
    Future<JsonObject> subs = subscriptions.get().otherwise(err -> err instanceof ReplyException reply
        && reply.failureType() == ReplyFailure.NO_HANDLERS
        ? new JsonObject().put("incomplete", new JsonObject().put("count", 0).put("deployed", false))
        : new JsonObject().put("unavailable", err.toString()));
    return Future.all(List.of(postings, duplicates, inFlight, unbooked, access, stuck, subs)).map(all -> {
      JsonObject subscriptionReport = subs.result();
      long stuckKeys = stuck.result() + subscriptionReport.getLong("stuckKeys", 0L);
      JsonObject report = postings.result().copy()
          .put("duplicatePurchases", duplicates.result())
          .put("payoutsInFlight", inFlight.result())
          .put("paymentsWithoutEntry", unbooked.result())
          .put("paymentsWithoutGrant", access.result().getJsonObject("paymentsWithoutGrant"))
          .put("grantsWithoutPayment", access.result().getJsonObject("grantsWithoutPayment"))
          .put("stuckIdempotencyKeys", stuckKeys)
          .put("incompleteSubscriptions", subscriptionReport.getJsonObject("incomplete",
              new JsonObject().put("count", -1).put("unavailable", subscriptionReport.getString("unavailable"))));
      boolean clean = report.getBoolean("balanced") && duplicates.result().getInteger("count") == 0
          && unbooked.result().getInteger("count") == 0 && inFlight.result().getBoolean("matchesLedger")
          && access.result().getJsonObject("paymentsWithoutGrant").getInteger("count") == 0
          && access.result().getJsonObject("grantsWithoutPayment").getInteger("count") == 0
          && stuckKeys == 0 && report.getJsonObject("incompleteSubscriptions").getInteger("count") == 0;
      return report.put("clean", clean);
    });
  }

  /**
   * Kept payments whose access is missing (no grant reaching as far as the payment bought, for
   * access not yet over, 10 s after it succeeded), and grants naming a payment that is not kept (refunded, failed, gone).
   */
  private Future<JsonObject> grants() {
    String settled = java.time.Instant.now().minusSeconds(10).toString();
    Future<List<JsonObject>> kept = mongo.findWithOptions(PaymentsCollections.PAYMENTS, new JsonObject().put("status", "SUCCEEDED")
            .put("entitlement.kind", new JsonObject().put("$exists", true)).put("succeededAt", new JsonObject().put("$lte", settled)),
        new FindOptions().setFields(new JsonObject().put("userId", 1).put("entitlement", 1)));
    Future<List<JsonObject>> granted = mongo.findWithOptions(PaymentsCollections.ENTITLEMENTS, new JsonObject(),
        new FindOptions().setFields(new JsonObject().put("until", 1).put("paymentId", 1)));
    // Only the payments grants name (a grant without a payment id is a trial's).
    Future<List<JsonObject>> payments = granted.compose(grants -> mongo.findWithOptions(PaymentsCollections.PAYMENTS,
        new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(grants.stream().map(g -> g.getString("paymentId"))
            .filter(java.util.Objects::nonNull).distinct().toList()))),
        new FindOptions().setFields(new JsonObject().put("status", 1))));
    long now = System.currentTimeMillis();
    return Future.all(kept, granted, payments).map(all -> {
      Map<String, JsonObject> grantById = new HashMap<>();
      granted.result().forEach(g -> grantById.put(g.getString("_id"), g));
      List<JsonObject> ungranted = new ArrayList<>();
      for (JsonObject payment : kept.result()) {
        JsonObject bought = payment.getJsonObject("entitlement");
        JsonObject grant = grantById.get(payment.getString("userId") + "|" + bought.getString("kind") + "|" + bought.getString("target"));
        Long until = bought.getLong("until");
        if (until != null && until <= now) {
          continue; // what it bought is over anyway (or ended with its subscription)
        }
        boolean covered = grant != null && (grant.getValue("until") == null || (until != null && grant.getLong("until") >= until));
        if (!covered) {
          ungranted.add(new JsonObject().put("paymentId", payment.getString("_id")).put("kind", bought.getString("kind"))
              .put("target", bought.getString("target")).put("until", until).put("grantUntil", grant == null ? null : grant.getValue("until")));
        }
      }
      Map<String, String> statusById = new HashMap<>();
      payments.result().forEach(p -> statusById.put(p.getString("_id"), p.getString("status")));
      List<String> unpaid = new ArrayList<>();
      for (JsonObject grant : granted.result()) {
        String paymentId = grant.getString("paymentId");
        if (paymentId != null && !"SUCCEEDED".equals(statusById.get(paymentId))) {
          unpaid.add(grant.getString("_id"));
        }
      }
      return new JsonObject()
          .put("paymentsWithoutGrant", new JsonObject().put("count", ungranted.size()).put("sample", new JsonArray(ungranted.stream().limit(SAMPLE).toList())))
          .put("grantsWithoutPayment", new JsonObject().put("count", unpaid.size()).put("sample", new JsonArray(unpaid.stream().limit(SAMPLE).toList())));
    });
  }

  /** Kept payments per fan and one-off offer (entitlements without an end); more than one is a double charge. */
  private Future<JsonObject> duplicatePurchases() {
    JsonArray pipeline = new JsonArray()
        .add(new JsonObject().put("$match", new JsonObject().put("status", "SUCCEEDED")
            .put("entitlement.kind", new JsonObject().put("$exists", true))
            .put("entitlement.until", new JsonObject().put("$exists", false))))
        .add(new JsonObject().put("$group", new JsonObject()
            .put("_id", new JsonObject().put("userId", "$userId").put("kind", "$entitlement.kind").put("target", "$entitlement.target"))
            .put("payments", new JsonObject().put("$sum", 1))))
        .add(new JsonObject().put("$match", new JsonObject().put("payments", new JsonObject().put("$gt", 1))));
    return collect(PaymentsCollections.PAYMENTS, pipeline).map(rows -> {
      JsonArray sample = new JsonArray();
      rows.stream().limit(SAMPLE).forEach(row -> sample.add(row.getJsonObject("_id").copy().put("payments", row.getValue("payments"))));
      return new JsonObject().put("count", rows.size()).put("sample", sample);
    });
  }

  /** Payouts not yet paid or refused, against what the ledger holds in the payouts-in-flight accounts. */
  private Future<JsonObject> payoutsInFlight() {
    Future<List<JsonObject>> pending = mongo.findWithOptions(Payouts.PAYOUTS, new JsonObject().put("status", "PENDING"),
        new FindOptions().setFields(new JsonObject().put("amount", 1)));
    JsonArray held = new JsonArray()
        .add(new JsonObject().put("$unwind", "$postings"))
        .add(new JsonObject().put("$match", new JsonObject().put("postings.account", new JsonObject()
            .put("$regex", Pattern.quote(Accounts.IN_FLIGHT_SUFFIX) + "$"))))
        .add(new JsonObject().put("$group", new JsonObject().putNull("_id").put("sum", new JsonObject().put("$sum", "$postings.amount"))));
    Future<List<JsonObject>> ledgered = collect(Ledger.JOURNAL, held);
    return Future.all(pending, ledgered).map(all -> {
      long amount = pending.result().stream().mapToLong(p -> p.getLong("amount")).sum();
      long inLedger = ledgered.result().isEmpty() ? 0 : ((Number) ledgered.result().get(0).getValue("sum")).longValue();
      return new JsonObject().put("count", pending.result().size()).put("amount", amount).put("ledgerAmount", inLedger)
          .put("matchesLedger", amount == inLedger);
    });
  }

  /** Payments that took money (kept, refunded or disputed) but have no {@code payment:<id>} entry. */
  private Future<JsonObject> paymentsWithoutEntry() {
    Future<List<JsonObject>> paid = mongo.findWithOptions(PaymentsCollections.PAYMENTS,
        new JsonObject().put("status", new JsonObject().put("$in", MONEY_TAKEN)), new FindOptions().setFields(new JsonObject().put("_id", 1)));
    Future<List<JsonObject>> entries = mongo.findWithOptions(Ledger.JOURNAL, new JsonObject().put("type", "PAYMENT"),
        new FindOptions().setFields(new JsonObject().put("_id", 1)));
    return Future.all(paid, entries).map(all -> {
      Set<String> booked = new HashSet<>();
      entries.result().forEach(e -> booked.add(e.getString("_id")));
      List<String> missing = new ArrayList<>();
      paid.result().forEach(p -> {
        if (!booked.contains("payment:" + p.getString("_id"))) {
          missing.add(p.getString("_id"));
        }
      });
      return new JsonObject().put("count", missing.size()).put("sample", new JsonArray(missing.stream().limit(SAMPLE).toList()));
    });
  }

  private Future<List<JsonObject>> collect(String collection, JsonArray pipeline) {
    List<JsonObject> rows = new ArrayList<>();
    Promise<List<JsonObject>> done = Promise.promise();
    mongo.aggregate(collection, pipeline)
        .exceptionHandler(done::tryFail)
        .endHandler(v -> done.tryComplete(rows))
        .handler(rows::add);
    return done.future();
  }
}
