package dev.creatorhub.payments.service;

import dev.creatorhub.payments.PaymentsSettings;
import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.api.ContentClient;
import dev.creatorhub.live.api.LiveClient;
import dev.creatorhub.payments.store.CardStore;
import dev.creatorhub.payments.store.EntitlementStore;
import dev.creatorhub.payments.store.Ledger;
import dev.creatorhub.payments.store.Offers;
import dev.creatorhub.payments.store.PaymentStore;
import dev.creatorhub.payments.store.PayoutAccountStore;
import dev.creatorhub.payments.store.PayoutStore;
import dev.creatorhub.payments.store.SandboxRecords;
import dev.creatorhub.payments.store.StripeRecords;
import dev.creatorhub.payments.store.WebhookEvents;
import dev.creatorhub.shared.idempotency.Idempotency;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.subscriptions.api.SubscriptionsClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Clock;

/**
 * Money: card charges through the configured provider, the double-entry journal, entitlements,
 * refunds and disputes, the holding period and payouts. Owns {@code payments}, {@code journal},
 * {@code entitlements}, {@code payouts}, {@code cards} and {@code idempotency_keys}.
 */
public final class PaymentsService {


  private final MongoClient mongo;
  private final PaymentStore payments;
  private final Offers offers;
  private final Idempotency idempotency;
  private final PaymentProvider provider;
  private final Cards cards;
  private final Payouts payouts;
  private final Reconciliation reconciliation;
  public final long schedulerPeriodMs;
  public final Entitlements entitlements;
  public final Purchases purchases;
  public final Reversals reversals;
  public final Sweeps sweeps;
  public final Statements statements;
  private final String currency;

  public PaymentsService(Vertx vertx, JsonObject config, Clock clock) {
    PaymentsSettings settings = PaymentsSettings.from(config);
    currency = settings.currency();
    schedulerPeriodMs = settings.schedulerPeriodMs();
    mongo = Mongo.client(vertx, config, "payments");
    payments = new PaymentStore(mongo);
    offers = new Offers(mongo);
    Ledger ledger = new Ledger(vertx, mongo);
    idempotency = Idempotency.of(vertx, config, mongo, "idempotency_keys");
    provider = switch (settings.provider()) {
      case "sandbox" -> new SandboxProvider(vertx, new SandboxRecords(mongo), sandboxWebhookUrl(settings, config), settings.webhookSecret(),
          settings.sandbox().disputeDelayMs(), clock);
      case "stripe" -> new StripeProvider(vertx, new StripeRecords(mongo), settings.stripe());
      default -> throw new IllegalStateException("unknown payments.provider '" + settings.provider() + "'");
    };
    cards = new Cards(new CardStore(mongo), provider, clock);
    PayoutStore payoutStore = new PayoutStore(mongo);
    payouts = new Payouts(payoutStore, new PayoutAccountStore(mongo), ledger, provider, settings, clock);
    EntitlementStore grants = new EntitlementStore(mongo);
    reconciliation = new Reconciliation(payments, grants, payoutStore, ledger, idempotency, new SubscriptionsClient(vertx)::reconcile, clock);
    Receipts receipts = new Receipts(currency);
    entitlements = new Entitlements(vertx, grants, clock);
    Booking booking = new Booking(payments, ledger, entitlements);
    Paying paying = new Paying(payments, offers, provider, cards, booking, receipts, currency, settings.platformFeeBps(), clock);
    purchases = new Purchases(paying, entitlements, cards, provider, idempotency, new AuthClient(vertx), new ContentClient(vertx),
        new LiveClient(vertx), settings);
    reversals = new Reversals(payments, new WebhookEvents(mongo), paying, booking, payouts, provider, receipts, settings, clock);
    sweeps = new Sweeps(payments, paying, booking, payouts, idempotency, settings, clock);
    statements = new Statements(payments, ledger, payouts, receipts, settings);
  }

  /** Where the sandbox sends its webhook events: this node's own endpoint unless configured. */
  private static String sandboxWebhookUrl(PaymentsSettings settings, JsonObject config) {
    String url = settings.sandbox().webhookUrl();
    return url.isBlank() ? "http://127.0.0.1:" + config.getJsonObject("http").getInteger("port") + "/api/v1/webhooks/stripe" : url;
  }

  public Future<Void> start() {
    return Future.all(idempotency.createIndexes(), offers.createIndex(), cards.createIndexes(), payments.createIndexes(),
        entitlements.listen()).mapEmpty();
  }

  public Future<JsonObject> reconcile() {
    return reconciliation.run();
  }

  /** What a browser needs to take payments: the provider, its public key or test cards, and the platform's currency. */
  public JsonObject clientConfig() {
    return provider.clientConfig().put("currency", currency);
  }

  // ---- cards ----

  public Future<JsonObject> cards(String userId) {
    return cards.list(userId);
  }

  public Future<JsonObject> makeDefaultCard(String userId, String cardId) {
    return cards.makeDefault(userId, cardId);
  }

  public Future<JsonObject> removeCard(String userId, String cardId) {
    return cards.remove(userId, cardId);
  }

  public Future<JsonObject> defaultCard(String userId) {
    return cards.defaultCard(userId).map(pm -> new JsonObject().put("paymentMethod", pm));
  }

  // ---- payouts ----

  public Future<JsonObject> payout(String creatorId, JsonObject request, String idempotencyKey) {
    return idempotency.run(creatorId, idempotencyKey, request, op -> payouts.request(creatorId));
  }

  public Future<JsonObject> openPayoutAccount(String creatorId, JsonObject request) {
    return payouts.openAccount(creatorId, PaymentsSchemas.PAYOUT_ACCOUNT.check(request));
  }

  public Future<JsonObject> payoutAccount(String creatorId) {
    return payouts.account(creatorId);
  }

  public Future<JsonObject> payouts(String creatorId) {
    return payouts.list(creatorId, 100);
  }

  public Future<Void> close() {
    if (provider instanceof StripeProvider stripe) {
      stripe.close();
    }
    return mongo.close();
  }
}
