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

  private static final int DEFAULT_MAX_IN_FLIGHT = 512;

  private BusService() {
  }

  /**
   * The request/reply addresses one verticle serves. Its {@code stop()} takes them off the bus first,
   * so no request arrives after the resources they use (a Mongo client, say) are closed; Vert.x
   * would unregister them only after {@code stop()} completes.
   */
  public static final class Served {
    /** The detail of a refusal for overload: the action did not run, so another instance may be asked. */
    public static final String BUSY = "This service is busy right now; try again in a moment.";

    private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    /** Requests this verticle instance is working on, over all its addresses (one event loop: no atomics). */
    private int inFlight;

    /**
     * Registers {@code action} on {@code address}; completes once the registration reached the
     * cluster. Past {@code eventBus.maxInFlight} requests in progress on this verticle instance, new
     * ones are refused at once with 503 (the gateway adds Retry-After): under overload a domain
     * answers fast instead of queueing every request until all of them time out.
     */
    public Future<Void> serve(Vertx vertx, String address, Function<Message<JsonObject>, Future<?>> action) {
      JsonObject config = vertx.getOrCreateContext().config();
      int limit = config == null ? DEFAULT_MAX_IN_FLIGHT
          : config.getJsonObject("eventBus", new JsonObject()).getInteger("maxInFlight", DEFAULT_MAX_IN_FLIGHT);
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, msg -> {
        if (inFlight >= limit) {
          msg.fail(503, new JsonObject().put("title", "Service Unavailable").put("detail", BUSY).encode());
          return;
        }
        inFlight++;
        Future<?> result;
        try {
          result = action.apply(msg);
        } catch (RuntimeException e) {
          result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
          inFlight--;
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
