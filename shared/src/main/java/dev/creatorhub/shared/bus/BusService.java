package dev.creatorhub.shared.bus;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/** How a domain serves a request/reply address: one reply per request, failures through {@link BusErrors}. */
public final class BusService {

  private BusService() {
  }

  /** Registers {@code action} on {@code address}; completes once the registration reached the cluster. */
  public static Future<Void> serve(Vertx vertx, String address, Function<Message<JsonObject>, Future<?>> action) {
    return vertx.eventBus().<JsonObject>consumer(address, msg -> {
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
    }).completion();
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
