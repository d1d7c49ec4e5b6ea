package dev.creatorhub.payments.service;

import dev.creatorhub.payments.PaymentsSettings;
import dev.creatorhub.payments.store.Accounts;
import dev.creatorhub.payments.store.Ledger;
import dev.creatorhub.payments.store.PaymentStore;
import dev.creatorhub.shared.paging.Cursor;
import dev.creatorhub.shared.paging.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A fan's payment history and a creator's earnings (totals, balances from the journal, by type and day, pending releases). */
public final class Statements {

  private final PaymentStore payments;
  private final Ledger ledger;
  private final Payouts payouts;
  private final Receipts receipts;
  private final PaymentsSettings settings;
  private final String currency;

  Statements(PaymentStore payments, Ledger ledger, Payouts payouts, Receipts receipts, PaymentsSettings settings) {
    this.payments = payments;
    this.ledger = ledger;
    this.payouts = payouts;
    this.receipts = receipts;
    this.settings = settings;
    this.currency = settings.currency();
  }

  /** A fan's payments, newest first, by {@code (createdAt, _id)}. */
  public Future<JsonObject> history(String userId, JsonObject request) {
    PageRequest page = PageRequest.of(request, 20, 100);
    return payments.historyOf(userId, page.afterKey(), page.afterId(), page.fetch())
        .map(list -> page.slice(list, p -> new Cursor(p.getString("createdAt"), p.getString("_id"))).toJson(receipts::receipt));
  }

  public Future<JsonObject> earnings(String creatorId) {
    String pending = Accounts.creatorPending(creatorId);
    String available = Accounts.creatorAvailable(creatorId);
    String inFlight = Accounts.creatorPayoutsInFlight(creatorId);
    return Future.all(payments.keptFor(creatorId), ledger.balances(List.of(pending, available, inFlight)), payouts.paid(creatorId))
        .map(all -> {
          List<JsonObject> kept = all.resultAt(0);
          Map<String, Long> balances = all.resultAt(1);
          List<JsonObject> paid = all.resultAt(2);
          long gross = 0;
          long fee = 0;
          long net = 0;
          long refunded = 0;
          long chargedBack = 0;
          Map<String, long[]> byType = new TreeMap<>();
          Map<String, long[]> byDay = new TreeMap<>();
          // Earnings still held: when each day's share becomes available to pay out.
          Map<String, long[]> releases = new TreeMap<>();
          long holdSeconds = settings.holdingPeriodSeconds();
          for (JsonObject p : kept) {
            if ("REFUNDED".equals(p.getString("status"))) {
              refunded += p.getLong("amount");
              continue;
            }
            if ("DISPUTED".equals(p.getString("status"))) {
              chargedBack += p.getLong("amount");
              continue;
            }
            gross += p.getLong("amount");
            fee += p.getLong("fee");
            net += p.getLong("net");
            if (!p.getBoolean("released", false)) {
              String at = Instant.parse(p.getString("succeededAt")).plusSeconds(holdSeconds).toString();
              long[] release = releases.computeIfAbsent(at.substring(0, 10), k -> new long[] {0, 0});
              release[0] += p.getLong("net");
              release[1] = Math.max(release[1], Instant.parse(at).toEpochMilli());
            }
            add(byType.computeIfAbsent(p.getString("type"), k -> new long[3]), p);
            String day = Instant.parse(p.getString("succeededAt")).atZone(ZoneOffset.UTC).toLocalDate().toString();
            add(byDay.computeIfAbsent(day, k -> new long[3]), p);
          }
          long paidOut = paid.stream().mapToLong(p -> p.getLong("amount")).sum();
          return new JsonObject().put("currency", currency)
              .put("gross", receipts.money(gross)).put("platformFee", receipts.money(fee)).put("net", receipts.money(net))
              .put("refunded", receipts.money(refunded)).put("chargedBack", receipts.money(chargedBack))
              .put("pending", receipts.money(balances.get(pending))).put("available", receipts.money(balances.get(available)))
              .put("payoutsInFlight", receipts.money(balances.get(inFlight)))
              .put("paidOut", receipts.money(paidOut))
              .put("byType", breakdown(byType, "type")).put("byDay", breakdown(byDay, "day"))
              .put("minimumPayout", receipts.money(settings.minPayout())).put("holdingPeriodSeconds", holdSeconds)
              .put("pendingReleases", releases(releases));
        });
  }

  /** Per day: the share that becomes available, and by when all of it has (the day's last release). */
  private JsonArray releases(Map<String, long[]> byDay) {
    JsonArray rows = new JsonArray();
    byDay.values().stream().limit(60).forEach(r -> rows.add(new JsonObject().put("amount", receipts.money(r[0]))
        .put("availableAt", Instant.ofEpochMilli(r[1]).toString())));
    return rows;
  }

  private static void add(long[] totals, JsonObject payment) {
    totals[0] += payment.getLong("amount");
    totals[1] += payment.getLong("fee");
    totals[2] += payment.getLong("net");
  }

  private JsonArray breakdown(Map<String, long[]> totals, String key) {
    JsonArray rows = new JsonArray();
    totals.forEach((k, t) -> rows.add(new JsonObject().put(key, k).put("gross", receipts.money(t[0]))
        .put("platformFee", receipts.money(t[1])).put("net", receipts.money(t[2]))));
    return rows;
  }
}
