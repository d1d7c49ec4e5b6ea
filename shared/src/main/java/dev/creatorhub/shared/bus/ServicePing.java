package dev.creatorhub.shared.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Each domain answers {@code <service>.ping}; readiness asks it, so a gateway knows whether some
 * node in the cluster serves that domain right now.
 */
public final class ServicePing {

  private ServicePing() {
  }

  public static String address(String service) {
    return service + ".ping";
  }

  /** Registers the ping consumer; the future completes once the registration reached the cluster. */
  public static Future<MessageConsumer<Object>> register(Vertx vertx, String service, String nodeId) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address(service),
        msg -> msg.reply(new JsonObject().put("service", service).put("node", nodeId)));
    return consumer.completion().map(consumer);
  }

  public static Future<JsonObject> ping(Vertx vertx, String service, long timeoutMs) {
    return vertx.eventBus().<JsonObject>request(address(service), null,
        new DeliveryOptions().setSendTimeout(timeoutMs)).map(msg -> msg.body());
  }
}
