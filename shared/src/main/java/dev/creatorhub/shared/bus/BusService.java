package dev.creatorhub.shared.bus;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** How a domain serves a request/reply address: one reply per request, failures through {@link BusErrors}. */
public final class BusService {

  private BusService() {
  }

  /**
   * The request/reply addresses one verticle serves. Its {@code stop()} takes them off the bus first,
   * so no request arrives after the resources they use (a Mongo client, say) are closed; Vert.x
   * would unregister them only after {@code stop()} completes.
   */
  public static final class Served {
    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

    /** Registers {@code action} on {@code address}; completes once the registration reached the cluster. */
    public Future<Void> serve(Vertx vertx, String address, Function<Message<JsonObject>, Future<?>> action) {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, msg -> {
        Future<?> result;
        try {
          result = action.apply(msg);
        } catch (RuntimeException e) {
          result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
          if (ar.succeeded()) {
            msg.reply(ar.result());
          } else {
            BusErrors.reply(msg, ar.cause());
          }
        });
      });
      consumers.add(consumer);
      return consumer.completion();
    }

    /** Stops taking requests (requests already running finish). */
    public Future<Void> stop() {
      List<Future<Void>> unregistered = consumers.stream().map(MessageConsumer::unregister).toList();
      consumers.clear();
      return Future.join(unregistered).<Void>mapEmpty().otherwiseEmpty();
    }
  }

  /** The verified caller's id (set by the gateway or the bridge), or 401. */
  public static String requireUser(Message<?> msg) {
    String userId = msg.headers().get(BusHeaders.USER_ID);
    if (userId == null) {
      throw new ApiException(401, "Sign in first.");
    }
    return userId;
  }

  /** The verified caller's id when they have {@code role}; 401 or 403 otherwise. */
  public static String requireRole(Message<?> msg, String role) {
    String userId = requireUser(msg);
    if (!role.equals(msg.headers().get(BusHeaders.USER_ROLE))) {
      throw new ApiException(403, "Only " + role.toLowerCase(java.util.Locale.ROOT) + "s can do this.");
    }
    return userId;
  }
}
