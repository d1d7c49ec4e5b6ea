package dev.creatorhub.payments.service;

import dev.creatorhub.payments.PaymentsSettings;
import dev.creatorhub.payments.store.StripeRecords;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.SetupIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.TransferCreateParams;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Stripe through stripe-java (blocking, so every call runs on this provider's worker pool).
 *
 * <p>A charge is two calls: create the PaymentIntent, note its id under our idempotency key, then
 * confirm it. So {@link #find} can always tell what happened to a key after a crash — the intent
 * was never created, or it is retrieved and, if never confirmed, cancelled — without Stripe's
 * eventually consistent search. Every call carries a Stripe idempotency key derived from ours.
 */
final class StripeProvider implements PaymentProvider {

  private static final Logger LOG = LoggerFactory.getLogger(StripeProvider.class);

  private final StripeRecords records;
  private final WorkerExecutor workers;
  private final StripeClient stripe;
  private final PaymentsSettings.Stripe settings;

  StripeProvider(Vertx vertx, StripeRecords records, PaymentsSettings.Stripe settings) {
    if (settings.secretKey().isBlank()) {
      throw new IllegalStateException("payments.provider is stripe but payments.stripe.secretKey is not set");
    }
    this.records = records;
    this.settings = settings;
    this.workers = vertx.createSharedWorkerExecutor("stripe", settings.workerThreads());
    this.stripe = StripeClient.builder().setApiKey(settings.secretKey())
        .setApiBase(settings.apiBase()).setConnectBase(settings.apiBase())
        .setConnectTimeout(settings.timeoutMs()).setReadTimeout(settings.timeoutMs())
        .setMaxNetworkRetries(2)
        .build();
  }

  @Override
  public Future<Charge> charge(ChargeRequest request) {
    String key = request.idempotencyKey();
    return customer(request.userId())
        .compose(customer -> blocking(() -> {
          PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
              .setAmount(request.amount()).setCurrency(request.currency().toLowerCase(Locale.ROOT))
              .setCustomer(customer).setPaymentMethod(request.paymentMethod()).addPaymentMethodType("card")
              .putMetadata("idempotencyKey", key);
          request.metadata().forEach(e -> params.putMetadata(e.getKey(), String.valueOf(e.getValue())));
          if (request.usage() == Usage.SAVE_FOR_RENEWALS) {
            params.setSetupFutureUsage(PaymentIntentCreateParams.SetupFutureUsage.OFF_SESSION);
          }
          return stripe.paymentIntents().create(params.build(), options(key + ":create")).getId();
        }))
        .compose(intentId -> records.noteIntent(key, intentId).map(intentId))
        .compose(intentId -> blocking(() -> {
          PaymentIntentConfirmParams.Builder params = PaymentIntentConfirmParams.builder();
          if (request.usage() == Usage.RENEWAL) {
            params.setOffSession(true);
          }
          try {
            return outcome(stripe.paymentIntents().confirm(intentId, params.build(), options(key + ":confirm")), key);
          } catch (CardException declined) {
            return new Charge(intentId, "declined", declineCode(declined));
          }
        }));
  }

  @Override
  public Future<Charge> find(String idempotencyKey) {
    return records.intent(idempotencyKey).compose(intentId -> intentId == null
        ? Future.succeededFuture(null)
        : blocking(() -> outcome(stripe.paymentIntents().retrieve(intentId), idempotencyKey)));
  }

  /** Succeeded, or declined: an intent that did not succeed is cancelled so it can never take money later. */
  private Charge outcome(PaymentIntent intent, String key) throws StripeException {
    String status = intent.getStatus();
    if ("succeeded".equals(status)) {
      return new Charge(intent.getId(), "succeeded", null);
    }
    String reason = "requires_action".equals(status) ? "authentication_required"
        : intent.getLastPaymentError() != null && intent.getLastPaymentError().getDeclineCode() != null
        ? intent.getLastPaymentError().getDeclineCode() : "not_completed";
    if (!"canceled".equals(status)) {
      stripe.paymentIntents().cancel(intent.getId(), PaymentIntentCancelParams.builder().build(), options(key + ":cancel"));
    }
    return new Charge(intent.getId(), "declined", reason);
  }

  @Override
  public Future<Charge> saveCard(String userId, String paymentMethod, String idempotencyKey) {
    return customer(userId).compose(customer -> blocking(() -> {
      SetupIntentCreateParams params = SetupIntentCreateParams.builder().setCustomer(customer).setPaymentMethod(paymentMethod)
          .addPaymentMethodType("card").setUsage(SetupIntentCreateParams.Usage.OFF_SESSION).setConfirm(true)
          .putMetadata("idempotencyKey", idempotencyKey).build();
      try {
        SetupIntent setup = stripe.setupIntents().create(params, options(idempotencyKey));
        return "succeeded".equals(setup.getStatus()) ? new Charge(setup.getId(), "succeeded", null)
            : new Charge(setup.getId(), "declined", "requires_action".equals(setup.getStatus()) ? "authentication_required" : "not_completed");
      } catch (CardException declined) {
        return new Charge(null, "declined", declineCode(declined));
      }
    }));
  }

  @Override
  public Future<CardDetails> describeCard(String userId, String paymentMethod) {
    return blocking(() -> {
      com.stripe.model.PaymentMethod.Card card = stripe.paymentMethods().retrieve(paymentMethod).getCard();
      return new CardDetails(card.getBrand(), card.getLast4(), card.getExpMonth().intValue(), card.getExpYear().intValue());
    });
  }

  @Override
  public Future<Void> removeCard(String userId, String paymentMethod) {
    return blocking(() -> stripe.paymentMethods().detach(paymentMethod)).mapEmpty();
  }

  /** A refund Stripe lists for the intent, or the dispute Stripe holds under the event's id for it. */
  @Override
  public Future<Boolean> confirmReversal(String eventType, JsonObject object, String chargeId) {
    return switch (eventType) {
      case "charge.refunded" -> blocking(() -> stripe.refunds().list(com.stripe.param.RefundListParams.builder().setPaymentIntent(chargeId)
          .build()).getData().stream().anyMatch(r -> "succeeded".equals(r.getStatus()) || "pending".equals(r.getStatus())));
      case "charge.dispute.created" -> object.getString("id") == null ? Future.succeededFuture(false) : blocking(() -> {
        try {
          return chargeId.equals(stripe.disputes().retrieve(object.getString("id")).getPaymentIntent());
        } catch (com.stripe.exception.InvalidRequestException missing) {
          return false;
        }
      });
      default -> Future.succeededFuture(false);
    };
  }

  @Override
  public Future<String> refund(String chargeId, long amount, String idempotencyKey) {
    return blocking(() -> stripe.refunds().create(RefundCreateParams.builder().setPaymentIntent(chargeId).setAmount(amount).build(),
        options(idempotencyKey)).getId());
  }

  @Override
  public Future<PayoutAccount> openPayoutAccount(String creatorId, String existingAccountId, JsonObject details) {
    return blocking(() -> {
      String accountId = existingAccountId;
      boolean enabled = false;
      if (accountId == null) {
        AccountCreateParams params = AccountCreateParams.builder().setType(AccountCreateParams.Type.EXPRESS)
            .setCapabilities(AccountCreateParams.Capabilities.builder()
                .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true).build()).build())
            .putMetadata("creatorId", creatorId).build();
        accountId = stripe.accounts().create(params, options("account_" + creatorId)).getId();
      } else {
        enabled = Boolean.TRUE.equals(stripe.accounts().retrieve(accountId).getPayoutsEnabled());
      }
      String url = enabled ? null : stripe.accountLinks().create(AccountLinkCreateParams.builder().setAccount(accountId)
          .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
          .setRefreshUrl(settings.onboardingRefreshUrl()).setReturnUrl(settings.onboardingReturnUrl())
          .build()).getUrl();
      return new PayoutAccount(accountId, enabled, url, null);
    });
  }

  /**
   * A Connect transfer to the creator's account; Stripe then pays it to their bank on the account's
   * schedule. Stripe refusing the request (4xx) is final; no answer (network, 5xx, 429) is not.
   */
  @Override
  public Future<PayoutResult> payout(String creatorId, String accountId, long amount, String currency, String idempotencyKey) {
    return workers.<PayoutResult>executeBlocking(() -> {
      try {
        return new PayoutResult(stripe.transfers().create(TransferCreateParams.builder().setAmount(amount)
            .setCurrency(currency.toLowerCase(Locale.ROOT)).setDestination(accountId).putMetadata("creatorId", creatorId)
            .putMetadata("idempotencyKey", idempotencyKey).build(), options(idempotencyKey)).getId(), null);
      } catch (com.stripe.exception.InvalidRequestException | com.stripe.exception.PermissionException refused) {
        LOG.warn("Stripe refused the transfer {}: {}", idempotencyKey, refused.getMessage());
        return new PayoutResult(null, refused.getCode() != null ? refused.getCode() : "transfer_refused");
      }
    }, false);
  }

  @Override
  public JsonObject clientConfig() {
    return new JsonObject().put("provider", "stripe").put("publishableKey", settings.publishableKey());
  }

  /** The Stripe customer of a user, created once (a concurrent first use gets Stripe's answer for the same key). */
  private Future<String> customer(String userId) {
    return records.customer(userId).compose(found -> {
      if (found != null) {
        return Future.succeededFuture(found);
      }
      return blocking(() -> stripe.customers().create(com.stripe.param.CustomerCreateParams.builder()
              .putMetadata("userId", userId).build(), options("customer_" + userId)).getId())
          .compose(id -> records.noteCustomer(userId, id));
    });
  }

  private static String declineCode(CardException e) {
    return e.getDeclineCode() != null ? e.getDeclineCode() : e.getCode() != null ? e.getCode() : "card_declined";
  }

  private static RequestOptions options(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  /** Runs a Stripe call off the event loop; anything but a decline means Stripe could not answer now (503). */
  private <T> Future<T> blocking(Callable<T> call) {
    return workers.<T>executeBlocking(call, false).recover(err -> {
      if (err instanceof StripeException stripeError) {
        LOG.warn("Stripe call failed: {} (request {})", stripeError.getMessage(), stripeError.getRequestId());
        return Future.failedFuture(new ApiException(503, "Service Unavailable", "The payment provider could not be reached. Try again.",
            null));
      }
      return Future.failedFuture(err);
    });
  }

  void close() {
    workers.close();
  }
}
