package dev.creatorhub.payments;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an operator asks after an incident: does the ledger balance, and does it agree with the
 * payment and payout records? Besides the postings summing to zero it reports what the postings alone
 * cannot show: one fan holding two kept payments for one offer, payouts in flight (and whether the
 * ledger holds the same amount for them), and payments that took money without a journal entry.
 */
final class Reconciliation {

  private static final int SAMPLE = 20;
  private static final JsonArray MONEY_TAKEN = new JsonArray().add("SUCCEEDED").add("REFUNDED").add("DISPUTED");

  private final MongoClient mongo;
  private final Ledger ledger;

  Reconciliation(MongoClient mongo, Ledger ledger) {
    this.mongo = mongo;
    this.ledger = ledger;
  }

  Future<JsonObject> run() {
    Future<JsonObject> postings = ledger.reconcile();
    Future<JsonObject> duplicates = duplicatePurchases();
    Future<JsonObject> inFlight = payoutsInFlight();
    Future<JsonObject> unbooked = paymentsWithoutEntry();
    return Future.all(postings, duplicates, inFlight, unbooked).map(all -> {
      JsonObject report = postings.result().copy()
          .put("duplicatePurchases", duplicates.result())
          .put("payoutsInFlight", inFlight.result())
          .put("paymentsWithoutEntry", unbooked.result());
      boolean clean = report.getBoolean("balanced") && duplicates.result().getInteger("count") == 0
          && unbooked.result().getInteger("count") == 0 && inFlight.result().getBoolean("matchesLedger");
      return report.put("clean", clean);
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
    return collect(PaymentsVerticle.PAYMENTS, pipeline).map(rows -> {
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
    Future<List<JsonObject>> paid = mongo.findWithOptions(PaymentsVerticle.PAYMENTS,
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
