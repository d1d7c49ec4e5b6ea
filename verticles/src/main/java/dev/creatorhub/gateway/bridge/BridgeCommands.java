package dev.creatorhub.gateway.bridge;

import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.LocalFirst;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.shared.web.RequestUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * SEND frames: a browser's commands to a domain, under the REST edge's policy. Only exact inbound
 * addresses, a JSON object body, a verified token; then the default rate limit of the address and the
 * user (the same counters as REST), the body against its command's schema (a 400 problem listing the
 * fields, before the bus hop), and the headers a REST request carries (the verified identity and
 * session, the client's address, a request id) in place of the client's. Failures come back as problems.
 */
final class BridgeCommands {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeCommands.class);

  private final Vertx vertx;
  private final Map<String, BodySchema> inbound;
  private final CommandPolicy policy;
  private final long requestTimeoutMs;
  private final BiFunction<BridgeConnection, JsonObject, Future<RequestUser>> verify;

  BridgeCommands(Vertx vertx, Map<String, BodySchema> inbound, CommandPolicy policy, long requestTimeoutMs,
                 BiFunction<BridgeConnection, JsonObject, Future<RequestUser>> verify) {
    this.vertx = vertx;
    this.inbound = inbound;
    this.policy = policy;
    this.requestTimeoutMs = requestTimeoutMs;
    this.verify = verify;
  }

  void onSend(BridgeConnection connection, JsonObject frame, String address, String replyAddress) {
    if (address == null || !(inbound.containsKey(address) || SocketBridge.AUTH.equals(address))) {
      BridgeFrames.refuseCommand(connection, replyAddress, 403, "access_denied");
      return;
    }
    if (!(frame.getValue("body") instanceof JsonObject body)) {
      LOG.debug("bridge refused a {} frame whose body is not a JSON object", address);
      BridgeFrames.refuseCommand(connection, replyAddress, 400, "The body must be a JSON object.");
      return;
    }
    verify.apply(connection, frame).onComplete(ar -> {
      if (ar.failed()) {
        BridgeFrames.refuseCommand(connection, replyAddress, 403, "access_denied");
        return;
      }
      RequestUser user = ar.result();
      if (SocketBridge.AUTH.equals(address)) {
        BridgeFrames.reply(connection, replyAddress, new JsonObject().put("expiresAt", connection.expiresAtMs));
        return;
      }
      String clientIp = policy.clientIp(connection.socket.remoteAddress(), connection.socket.headers());
      policy.admit(clientIp, user.id())
          .map(v -> inbound.get(address).check(body))
          .compose(checked -> forward(address, checked, replyAddress, user, clientIp))
          .onComplete(answer -> {
            if (answer.failed()) {
              BridgeFrames.fail(connection, replyAddress, answer.cause());
            } else if (replyAddress != null) {
              BridgeFrames.reply(connection, replyAddress, answer.result());
            }
          });
    });
  }

  /** Only the verified identity travels on: domains trust these headers. Without a reply address, fire and forget. */
  private Future<Object> forward(String address, JsonObject body, String replyAddress, RequestUser user, String clientIp) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(requestTimeoutMs)
        .addHeader(BusHeaders.USER_ID, user.id()).addHeader(BusHeaders.USER_ROLE, user.role())
        .addHeader(BusHeaders.CLIENT_IP, clientIp).addHeader(BusHeaders.REQUEST_ID, UUID.randomUUID().toString());
    if (user.sessionId() != null) {
      options.addHeader(BusHeaders.SESSION_ID, user.sessionId());
    }
    if (replyAddress == null) {
      vertx.eventBus().send(address, body, options);
      return Future.succeededFuture();
    }
    return LocalFirst.request(vertx, address, body, options).map(reply -> reply.body());
  }
}
