package dev.creatorhub.payments.service;

import dev.creatorhub.payments.PaymentsSettings;
import dev.creatorhub.payments.PaymentsAddresses;
import dev.creatorhub.payments.store.Accounts;
import dev.creatorhub.payments.store.JournalEntry;
import dev.creatorhub.payments.store.Ledger;
import dev.creatorhub.payments.store.PayoutAccountStore;
import dev.creatorhub.payments.store.PayoutStore;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Paying creators out. The amount is reserved in the ledger (available → payouts in flight) before
 * the provider is called, so while a payout is in flight its money is in no balance another request
 * could pay again. The provider's answer settles it (in flight → paid out) or, when the provider
 * refuses, releases it (in flight → available); an answer that never came leaves it in flight, and
 * the sweep asks again under the same provider key until it knows. The reservation entry is written
 * first and carries everything needed to rebuild the payout document if a crash came between them.
 *
 * <p>Its documents are in {@link PayoutStore} and {@link PayoutAccountStore}.
 */
public final class Payouts {

  private static final Logger LOG = LoggerFactory.getLogger(Payouts.class);
  /** The journal type of the entry that sets a payout's amount aside. */
  public static final String RESERVE = "PAYOUT_RESERVE";
  private static final long LOCK_MS = 60_000;

  private final PayoutStore payouts;
  private final PayoutAccountStore accounts;
  private final Ledger ledger;
  private final PaymentProvider provider;
  private final PaymentsSettings settings;
  private final String currency;
  private final Clock clock;

  Payouts(PayoutStore payouts, PayoutAccountStore accounts, Ledger ledger, PaymentProvider provider, PaymentsSettings settings,
          Clock clock) {
    this.clock = clock;
    this.payouts = payouts;
    this.accounts = accounts;
    this.ledger = ledger;
    this.provider = provider;
    this.settings = settings;
    this.currency = settings.currency();
  }

  /** One request: reserve what is available (one at a time per creator), then send it. */
  Future<JsonObject> request(String creatorId) {
    return lock(creatorId)
        .compose(v -> reserve(creatorId).eventually(() -> payouts.unlock(creatorId)))
        .compose(this::send);
  }

  /** Serializes the balance read and the reservation per creator; a lock left by a crashed node expires. */
  private Future<Void> lock(String creatorId) {
    long now = clock.millis();
    return payouts.lock(creatorId, now, now - LOCK_MS).compose(taken -> taken ? Future.<Void>succeededFuture()
        : Future.failedFuture(new ApiException(409, "A payout is already in progress.")));
  }

  private Future<JsonObject> reserve(String creatorId) {
    String available = Accounts.creatorAvailable(creatorId);
    return ledger.balances(List.of(available)).compose(balances -> {
      long amount = balances.get(available);
      long minimum = settings.minPayout();
      if (amount < minimum) {
        return Future.failedFuture(new ApiException(409, "Conflict", "The available balance is below the payout minimum.",
            new JsonObject().put("available", money(amount)).put("minimum", money(minimum))));
      }
      return destination(creatorId).compose(accountId -> {
        JsonObject payout = new JsonObject().put("_id", UUID.randomUUID().toString()).put("creatorId", creatorId)
            .put("amount", amount).put("currency", currency).put("accountId", accountId).put("status", "PENDING")
            .put("attempts", 0).put("createdAt", clock.instant().toString());
        return ledger.post(reservation(payout)).compose(posted -> payouts.insert(payout)).map(payout);
      });
    });
  }

  private static JournalEntry reservation(JsonObject payout) {
    String creatorId = payout.getString("creatorId");
    long amount = payout.getLong("amount");
    return JournalEntry.builder("payout-reserve:" + payout.getString("_id"), RESERVE, payout.getString("currency"))
        .post(Accounts.creatorAvailable(creatorId), -amount).post(Accounts.creatorPayoutsInFlight(creatorId), amount)
        .ref("payoutId", payout.getString("_id")).ref("creatorId", creatorId).ref("accountId", payout.getString("accountId"))
        .ref("amount", String.valueOf(amount)).ref("createdAt", payout.getString("createdAt"))
        .build();
  }

  /**
   * Asks the provider to pay (key {@code payout_<id>}: a repeat pays once). Paid: booked out of the
   * ledger. Refused: the reservation goes back to available and the caller hears why. No answer: the
   * payout stays in flight for the sweep, and the caller hears it is processing.
   */
  Future<JsonObject> send(JsonObject payout) {
    String id = payout.getString("_id");
    return provider.payout(payout.getString("creatorId"), payout.getString("accountId"), payout.getLong("amount"),
            payout.getString("currency"), "payout_" + id)
        .transform(ar -> {
          if (ar.failed()) {
            LOG.warn("payout {} not confirmed by the provider yet (retrying later): {}", id, ar.cause().toString());
            return payouts.attemptFailed(id, String.valueOf(ar.cause().getMessage())).map(v -> view(payout));
          }
          PaymentProvider.PayoutResult result = ar.result();
          if (result.refused()) {
            return finish(payout, "FAILED", new JsonObject().put("failureCode", result.failureCode()))
                .compose(failed -> Future.failedFuture(new ApiException(409, "Conflict",
                    "The payout was refused (" + result.failureCode() + "): check your payout account. Nothing was paid out.",
                    new JsonObject().put("payoutId", id).put("payoutStatus", "FAILED").put("failureCode", result.failureCode()))));
          }
          return finish(payout, "PAID", new JsonObject().put("providerRef", result.reference()));
        });
  }

  /** PENDING → PAID or FAILED once, then its entry (a crash between them is finished by {@link #redrive}). */
  private Future<JsonObject> finish(JsonObject payout, String status, JsonObject details) {
    String id = payout.getString("_id");
    JsonObject set = details.copy().put("status", status).put("settledAt", clock.instant().toString());
    return payouts.settle(id, set).compose(updated -> updated != null ? book(updated) : payouts.byId(id).map(this::view));
  }

  /** The entry that ends a payout's time in flight: out to the creator, or back to their balance. */
  private Future<JsonObject> book(JsonObject payout) {
    String id = payout.getString("_id");
    String creatorId = payout.getString("creatorId");
    long amount = payout.getLong("amount");
    boolean paid = "PAID".equals(payout.getString("status"));
    JournalEntry entry = (paid
        ? JournalEntry.builder("payout:" + id, "PAYOUT", payout.getString("currency")).post(Accounts.PAYOUTS, amount)
        : JournalEntry.builder("payout-release:" + id, "PAYOUT_RELEASE", payout.getString("currency"))
            .post(Accounts.creatorAvailable(creatorId), amount))
        .post(Accounts.creatorPayoutsInFlight(creatorId), -amount).ref("payoutId", id).build();
    JsonObject summary = new JsonObject().put("payoutId", id).put("creatorId", creatorId).put("amount", money(amount))
        .put("status", payout.getString("status")).put("failureCode", payout.getString("failureCode"));
    String topic = paid ? PaymentsAddresses.TOPIC_PAYOUT_PAID : PaymentsAddresses.TOPIC_PAYOUT_FAILED;
    return ledger.post(entry, Outbox.event(topic, creatorId, summary))
        .compose(posted -> payouts.markBooked(id))
        .map(v -> view(payout));
  }

  /** Finishes what a crash or a lost answer left: orphan reservations, payouts in flight, unbooked outcomes. */
  Future<Void> redrive(String stale) {
    String recent = clock.instant().minusSeconds(3600).toString();
    Future<Void> orphans = ledger.entriesOfType(RESERVE, recent, stale)
        .compose(entries -> each(entries, entry -> {
          JsonObject refs = entry.getJsonObject("refs");
          JsonObject payout = new JsonObject().put("_id", refs.getString("payoutId")).put("creatorId", refs.getString("creatorId"))
              .put("amount", Long.parseLong(refs.getString("amount"))).put("currency", entry.getString("currency"))
              .put("accountId", refs.getString("accountId")).put("status", "PENDING").put("attempts", 0)
              .put("createdAt", refs.getString("createdAt"));
          return payouts.insertIfAbsent(payout);
        }));
    return orphans
        .compose(v -> payouts.pendingSince(stale))
        .compose(list -> each(list, payout -> ledger.post(reservation(payout)).compose(posted -> send(payout))
            .<Void>mapEmpty().recover(err -> err instanceof ApiException ? Future.succeededFuture() : Future.failedFuture(err))))
        .compose(v -> payouts.settledUnbooked(recent))
        .compose(list -> each(list, payout -> book(payout).mapEmpty()));
  }

  /** The account a payout goes to; 409 until the creator has set one up that can receive money. */
  private Future<String> destination(String creatorId) {
    return accounts.of(creatorId).compose(account -> {
      if (account == null || !account.getBoolean("payoutsEnabled", false)) {
        return Future.failedFuture(new ApiException(409, "Conflict", "Finish setting up your payout account first.",
            new JsonObject().put("payoutAccount", account == null ? "missing" : "incomplete")));
      }
      return Future.succeededFuture(account.getString("accountId"));
    });
  }

  Future<JsonObject> openAccount(String creatorId, JsonObject details) {
    return accounts.of(creatorId)
        .compose(existing -> provider.openPayoutAccount(creatorId, existing == null ? null : existing.getString("accountId"), details))
        .compose(opened -> {
          JsonObject set = new JsonObject().put("accountId", opened.accountId()).put("updatedAt", clock.instant().toString());
          if (opened.payoutsEnabled()) {
            set.put("payoutsEnabled", true);
          }
          if (opened.bankLast4() != null) {
            set.put("bankLast4", opened.bankLast4());
          }
          // Enabled only ever by the provider (its answer or its account.updated event), never back to false here.
          return accounts.save(creatorId, set, clock.instant().toString()).map(account -> accountView(account).put("onboardingUrl", opened.onboardingUrl()));
        });
  }

  Future<JsonObject> account(String creatorId) {
    return accounts.of(creatorId).compose(account -> account == null
        ? Future.failedFuture(new ApiException(404, "No payout account yet: create one with POST /creators/me/payout-account."))
        : Future.succeededFuture(accountView(account)));
  }

  private JsonObject accountView(JsonObject account) {
    return new JsonObject().put("accountId", account.getString("accountId"))
        .put("payoutsEnabled", account.getBoolean("payoutsEnabled", false))
        .put("bankLast4", account.getString("bankLast4"))
        .put("provider", settings.provider());
  }

  /** Stripe's word on a connected account; an older event never overrides a newer one. */
  Future<Void> accountUpdated(JsonObject event, JsonObject account) {
    return accounts.providerSays(account.getString("id"), account.getBoolean("payouts_enabled", false), event.getLong("created", 0L),
        clock.instant().toString());
  }

  /** A creator's payouts, newest first. */
  Future<JsonObject> list(String creatorId, int limit) {
    return payouts.of(creatorId, limit).map(found -> new JsonObject().put("items", new JsonArray(found.stream().map(this::view).toList())));
  }

  JsonObject view(JsonObject payout) {
    JsonObject view = new JsonObject().put("id", payout.getString("_id")).put("amount", money(payout.getLong("amount")))
        .put("status", payout.getString("status")).put("createdAt", payout.getString("createdAt"));
    if (payout.getString("settledAt") != null) {
      view.put("settledAt", payout.getString("settledAt"));
    }
    if (payout.getString("failureCode") != null) {
      view.put("failureCode", payout.getString("failureCode"));
    }
    return view;
  }

  private JsonObject money(long amount) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }

  private static Future<Void> each(List<JsonObject> items, Function<JsonObject, Future<Void>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject item : items) {
      chain = chain.compose(v -> step.apply(item));
    }
    return chain;
  }

  /** The creator's payouts that reached her bank. */
  Future<List<JsonObject>> paid(String creatorId) {
    return payouts.paidTo(creatorId);
  }
}
