package dev.creatorhub.payments.bus;

import dev.creatorhub.payments.PaymentsAddresses;
import dev.creatorhub.payments.api.ChargesClient;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.payments.api.PaymentsClient;
import dev.creatorhub.payments.service.PaymentsService;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.schedule.Periodic;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The payments domain on the event bus: what fans pay and creators earn, the entitlements other
 * domains ask about, the provider's webhooks, and the sweeps. The rules are in {@code payments.service}.
 */
public class PaymentsVerticle extends VerticleBase {

  private final BusService.Served served = new BusService.Served();
  private PaymentsService service;
  private Periodic releases;
  private Periodic redrives;

  @Override
  public Future<?> start() {
    service = new PaymentsService(vertx, config(), Clock.systemUTC());
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    releases = Periodic.start(vertx, service.schedulerPeriodMs, service.sweeps::releaseDue);
    redrives = Periodic.start(vertx, service.schedulerPeriodMs, service.sweeps::redrive);
    return service.start().compose(v -> Future.all(List.of(
        serve(PaymentsAddresses.TIP, msg -> service.purchases.tip(BusService.requireUser(msg), msg.body().getJsonObject("body"),
            msg.body().getString("idempotencyKey"))),
        serve(PaymentsClient.TIP_FOR, msg -> service.purchases.tip(requiredField(msg.body(), "fanId"), msg.body().getJsonObject("tip"),
            msg.body().getString("idempotencyKey"))),
        serve(PaymentsAddresses.PURCHASE_POST, msg -> purchase(msg, "PPV")),
        serve(PaymentsAddresses.PURCHASE_TICKET, msg -> purchase(msg, "TICKET")),
        serve(PaymentsAddresses.HISTORY, msg -> service.statements.history(BusService.requireUser(msg), msg.body())),
        serve(PaymentsAddresses.EARNINGS, msg -> service.statements.earnings(BusService.requireRole(msg, "CREATOR"))),
        serve(PaymentsAddresses.PAYOUT, msg -> service.payout(BusService.requireRole(msg, "CREATOR"),
            msg.body().getJsonObject("body", new JsonObject()), msg.body().getString("idempotencyKey"))),
        serve(PaymentsAddresses.REFUND, msg -> {
          BusService.requireRole(msg, "ADMIN");
          return service.reversals.refund(msg.body().getString("paymentId"));
        }),
        serve(PaymentsAddresses.RECONCILE, msg -> {
          BusService.requireRole(msg, "ADMIN");
          return service.reconcile();
        }),
        serve(EntitlementsClient.CHECK, msg -> service.entitlements.check(msg.body().getString("userId"), msg.body().getString("kind"),
            msg.body().getString("target"))),
        serve(EntitlementsClient.CHECK_MANY, msg -> service.entitlements.heldAmong(msg.body().getString("userId"),
            msg.body().getString("kind"), msg.body().getJsonArray("targets", new JsonArray()))),
        serve(EntitlementsClient.TARGETS, msg -> service.entitlements.targets(msg.body().getString("userId"), msg.body().getString("kind"))),
        serve(ChargesClient.CHARGE, msg -> service.purchases.internalCharge(msg.body())),
        serve(ChargesClient.GRANT, msg -> service.entitlements.grant(msg.body().getString("userId"), msg.body().getString("kind"),
            msg.body().getString("target"), msg.body().getLong("until"), null).map(new JsonObject())),
        serve(ChargesClient.REVOKE, msg -> service.entitlements.revoke(msg.body().getString("userId"), msg.body().getString("kind"),
            msg.body().getString("target")).map(new JsonObject())),
        serve(ChargesClient.SAVE_CARD, msg -> service.purchases.saveCard(msg.body())),
        serve(PaymentsAddresses.WEBHOOK, msg -> service.reversals.webhook(msg.body().getString("payload"), msg.body().getString("signature"))),
        serve(PaymentsClient.DEFAULT_CARD, msg -> service.defaultCard(msg.body().getString("userId"))),
        serve(PaymentsAddresses.CARDS_LIST, msg -> service.cards(BusService.requireUser(msg))),
        serve(PaymentsAddresses.CARDS_DEFAULT, msg -> service.makeDefaultCard(BusService.requireUser(msg), msg.body().getString("cardId"))),
        serve(PaymentsAddresses.CARDS_REMOVE, msg -> service.removeCard(BusService.requireUser(msg), msg.body().getString("cardId"))),
        serve(PaymentsAddresses.CLIENT_CONFIG, msg -> Future.succeededFuture(service.clientConfig())),
        serve(PaymentsAddresses.PAYOUT_ACCOUNT_OPEN, msg -> service.openPayoutAccount(BusService.requireRole(msg, "CREATOR"),
            msg.body().getJsonObject("body", new JsonObject()))),
        serve(PaymentsAddresses.PAYOUT_ACCOUNT_GET, msg -> service.payoutAccount(BusService.requireRole(msg, "CREATOR"))),
        serve(PaymentsAddresses.PAYOUTS_LIST, msg -> service.payouts(BusService.requireRole(msg, "CREATOR"))),
        ServicePing.register(vertx, PaymentsAddresses.SERVICE, nodeId).mapEmpty())));
  }

  private Future<JsonObject> purchase(Message<JsonObject> msg, String kind) {
    return service.purchases.purchase(BusService.requireUser(msg), kind, msg.body().getString("target"), msg.body().getJsonObject("body"),
        msg.body().getString("idempotencyKey"));
  }

  private static String requiredField(JsonObject body, String field) {
    if (body == null || !(body.getValue(field) instanceof String value) || value.isEmpty()) {
      throw new ApiException(400, "Name the " + field + ".");
    }
    return value;
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    releases.cancel();
    redrives.cancel();
    return served.stop().eventually(service::close);
  }
}
