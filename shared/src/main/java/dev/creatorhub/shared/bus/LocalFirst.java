package dev.creatorhub.shared.bus;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * Requests that a consumer on this node answers when there is one, and the cluster otherwise (no
 * consumer here: nothing ran, so asking elsewhere is safe). Local answers skip the cluster lookup
 * and serialization, and they do not depend on other nodes being alive: after a node is killed, the
 * cluster needs a moment (≈ 0.3–0.4 s on loopback, measured) to forget its consumers, and a request
 * routed to one of them only fails at its timeout. Load is spread across nodes by whatever spreads
 * the HTTP and socket traffic in front of them, and a local consumer that refuses for overload
 * (before doing anything) passes the request on to the cluster.
 */
public final class LocalFirst {

  private LocalFirst() {
  }

  /** A request whose answer is a JSON body; a failure becomes the {@link ApiException} the HTTP layer renders. */
  public static Future<JsonObject> ask(Vertx vertx, String address, JsonObject body, DeliveryOptions options) {
    return LocalFirst.<JsonObject>request(vertx, address, body, options).map(Message::body).recover(err -> {
      ApiException api = BusErrors.toApiException(err);
      return Future.failedFuture(api != null ? api : err);
    });
  }

  /** No consumer here, or the one here refused for overload before doing anything: safe to ask the cluster. */
  private static boolean nothingRan(Throwable err) {
    return err instanceof ReplyException reply && (reply.failureType() == ReplyFailure.NO_HANDLERS
        || reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() == 503
        && String.valueOf(reply.getMessage()).contains(BusService.Served.BUSY));
  }

  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, DeliveryOptions options) {
    return vertx.eventBus().<T>request(address, body, new DeliveryOptions(options).setLocalOnly(true))
        .recover(err -> nothingRan(err) ? vertx.eventBus().<T>request(address, body, options) : Future.failedFuture(err));
  }
}
