package dev.creatorhub.payments.service;

import dev.creatorhub.payments.store.Accounts;
import dev.creatorhub.payments.store.EntitlementStore;
import dev.creatorhub.payments.store.Ledger;
import dev.creatorhub.payments.store.PaymentStore;
import dev.creatorhub.payments.store.PayoutStore;
import dev.creatorhub.shared.idempotency.Idempotency;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

  private final PaymentStore payments;
  private final EntitlementStore grants;
  private final PayoutStore payouts;
  private final Ledger ledger;
  private final Idempotency keys;
  private final Supplier<Future<JsonObject>> subscriptions;
  private final java.time.Clock clock;

  /** {@code subscriptions} asks that domain for its part; when it does not answer, the report says so and is not clean. */
  Reconciliation(PaymentStore payments, EntitlementStore grants, PayoutStore payouts, Ledger ledger, Idempotency keys,
      Supplier<Future<JsonObject>> subscriptions, java.time.Clock clock) {
    this.clock = clock;
    this.payments = payments;
    this.grants = grants;
    this.payouts = payouts;
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
    String settled = clock.instant().minusSeconds(10).toString();
    Future<List<JsonObject>> kept = payments.keptWithAccess(settled);
    Future<List<JsonObject>> granted = grants.all();
    // Only the payments grants name (a grant without a payment id is a trial's).
    Future<Map<String, String>> statusById = granted.compose(all -> payments.statuses(all.stream().map(g -> g.getString("paymentId"))
        .filter(java.util.Objects::nonNull).distinct().toList()));
    long now = clock.millis();
    return Future.all(kept, granted, statusById).map(all -> {
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
      List<String> unpaid = new ArrayList<>();
      for (JsonObject grant : granted.result()) {
        String paymentId = grant.getString("paymentId");
        if (paymentId != null && !"SUCCEEDED".equals(statusById.result().get(paymentId))) {
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
    return payments.duplicatePurchases().map(rows -> {
      JsonArray sample = new JsonArray();
      rows.stream().limit(SAMPLE).forEach(row -> sample.add(row.getJsonObject("_id").copy().put("payments", row.getValue("payments"))));
      return new JsonObject().put("count", rows.size()).put("sample", sample);
    });
  }

  /** Payouts not yet paid or refused, against what the ledger holds in the payouts-in-flight accounts. */
  private Future<JsonObject> payoutsInFlight() {
    Future<List<Long>> pending = payouts.pendingAmounts();
    Future<Long> held = ledger.totalOfAccountsEndingIn(Accounts.IN_FLIGHT_SUFFIX);
    return Future.all(pending, held).map(all -> {
      long amount = pending.result().stream().mapToLong(Long::longValue).sum();
      return new JsonObject().put("count", pending.result().size()).put("amount", amount).put("ledgerAmount", held.result())
          .put("matchesLedger", amount == held.result());
    });
  }

  /** Payments that took money (kept, refunded or disputed) but have no {@code payment:<id>} entry. */
  private Future<JsonObject> paymentsWithoutEntry() {
    Future<List<String>> paid = payments.keptIds();
    Future<java.util.Set<String>> booked = ledger.idsOfType("PAYMENT");
    return Future.all(paid, booked).map(all -> {
      List<String> missing = paid.result().stream().filter(id -> !booked.result().contains("payment:" + id)).toList();
      return new JsonObject().put("count", missing.size()).put("sample", new JsonArray(missing.stream().limit(SAMPLE).toList()));
    });
  }
}
