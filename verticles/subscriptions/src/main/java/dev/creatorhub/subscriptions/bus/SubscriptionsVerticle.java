package dev.creatorhub.subscriptions.bus;

import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.schedule.Periodic;
import dev.creatorhub.subscriptions.SubscriptionsAddresses;
import dev.creatorhub.subscriptions.api.SubscriptionsClient;
import dev.creatorhub.subscriptions.service.SubscriptionsService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The subscriptions domain on the event bus: its addresses, its renewal schedule and its refund
 * consumer. The rules are in {@code subscriptions.service}.
 */
public class SubscriptionsVerticle extends VerticleBase {

  private final BusService.Served served = new BusService.Served();
  private SubscriptionsService service;
  private Periodic renewals;
  private Periodic interrupted;

  @Override
  public Future<?> start() {
    service = new SubscriptionsService(vertx, config(), Clock.systemUTC());
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    renewals = Periodic.start(vertx, service.settings.schedulerPeriodMs(), service.renewals::renewDue);
    interrupted = Periodic.start(vertx, service.settings.schedulerPeriodMs(), service.renewals::finishInterrupted);
    return service.createIndexes()
        .compose(v -> Future.all(List.of(
            serve(SubscriptionsAddresses.SUBSCRIBE, msg -> service.subscribing.subscribe(BusService.requireUser(msg),
                msg.body().getString("creator"), msg.body().getJsonObject("body"), msg.body().getString("idempotencyKey"))),
            serve(SubscriptionsAddresses.CANCEL, msg -> service.changes.cancel(BusService.requireUser(msg),
                msg.body().getString("subscriptionId"))),
            serve(SubscriptionsAddresses.UPDATE, msg -> service.changes.update(BusService.requireUser(msg),
                msg.body().getString("subscriptionId"), msg.body().getJsonObject("body"))),
            serve(SubscriptionsAddresses.MINE, msg -> service.lists.mine(BusService.requireUser(msg), msg.body())),
            serve(SubscriptionsAddresses.SUBSCRIBERS, msg -> service.lists.subscribers(BusService.requireRole(msg, "CREATOR"), msg.body())),
            serve(SubscriptionsClient.RECONCILE, msg -> service.renewals.reconcile()),
            ServicePing.register(vertx, SubscriptionsAddresses.SERVICE, nodeId).mapEmpty())))
        .compose(v -> service.listen());
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    renewals.cancel();
    interrupted.cancel();
    return served.stop().eventually(service::close);
  }
}
