package dev.creatorhub.payments.service;

import dev.creatorhub.payments.PaymentsSettings;
import dev.creatorhub.payments.store.PaymentStore;
import dev.creatorhub.shared.idempotency.Idempotency;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Periodic work, each part scheduled on its own (a provider that does not answer a re-driven payout
 * does not hold up releases): release earnings past the holding period, and finish anything a
 * crash interrupted (every step is idempotent by its entry id or conditional update).
 */
public final class Sweeps {

  private final PaymentStore payments;
  private final Paying paying;
  private final Booking booking;
  private final Payouts payouts;
  private final Idempotency idempotency;
  private final PaymentsSettings settings;
  private final Clock clock;

  Sweeps(PaymentStore payments, Paying paying, Booking booking, Payouts payouts, Idempotency idempotency, PaymentsSettings settings,
         Clock clock) {
    this.payments = payments;
    this.paying = paying;
    this.booking = booking;
    this.payouts = payouts;
    this.idempotency = idempotency;
    this.settings = settings;
    this.clock = clock;
  }

  public Future<Void> releaseDue() {
    String due = clock.instant().minusSeconds(settings.holdingPeriodSeconds()).toString();
    return payments.dueForRelease(due, 200).compose(list -> each(list, payment -> payments.release(payment.getString("_id"),
            clock.instant().toString())
        .compose(mine -> mine ? booking.postRelease(payment) : Future.succeededFuture())));
  }

  public Future<Void> redrive() {
    String stale = clock.instant().minusSeconds(settings.pendingTimeoutSeconds()).toString();
    // A payment pending past the timeout: its request died; what the provider recorded decides (nothing recorded: not charged).
    Future<Void> pending = payments.pendingSince(stale).compose(list -> each(list, p -> paying.settleFromProvider(p, true)));
    Future<Void> unbooked = payments.unbooked().compose(list -> each(list, p -> booking.postPayment(p).compose(v -> booking.grant(p))));
    // Booked but the grant never landed (a crash between the two): grant until it exists.
    Future<Void> ungranted = payments.ungranted(clock.instant().minusSeconds(2).toString()).compose(list -> each(list, booking::grant));
    Future<Void> unreleased = payments.releasedUnbooked().compose(list -> each(list, booking::postRelease));
    Future<Void> unrefunded = payments.reversedUnbooked().compose(list -> each(list, booking::postReversal));
    Future<Void> unpaid = payouts.redrive(stale);
    Future<Long> keys = idempotency.sweep();
    return Future.all(List.of(pending, unbooked, ungranted, unreleased, unrefunded, unpaid, keys)).mapEmpty();
  }

  private static Future<Void> each(List<JsonObject> items, Function<JsonObject, Future<Void>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject item : items) {
      chain = chain.compose(v -> step.apply(item));
    }
    return chain;
  }
}
