package dev.creatorhub.gateway;

import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.web.RequestUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The event-bus bridge at {@code /eventbus} (SockJS, raw WebSocket at {@code /eventbus/websocket}),
 * speaking the standard Vert.x bridge frames, deny-by-default. Every SEND and REGISTER frame must carry
 * {@code Authorization: Bearer <token>} in its headers; a SEND reaches a domain only at an exact
 * inbound address and with the client's headers replaced by the verified identity; a REGISTER needs
 * an outbound rule whose authorizer accepts the user. Browsers never PUBLISH.
 *
 * <p>Written on SockJS sockets rather than with vertx-web's bridge so registrations go through
 * {@link Fanout}: one event-bus consumer per address per node instead of one (cluster-wide) per
 * socket, one encoding per message per node, and a way to end one user's subscription (a ban).
 * A REGISTER may carry {@code lastSeq} in its headers: the authorizer may then answer with the
 * {@code backlog} after it, which the socket gets before live messages.
 */
final class SocketBridge {

  private static final Logger LOG = LoggerFactory.getLogger(SocketBridge.class);
  private static final int MAX_FRAME_BYTES = 64 * 1024;
  private static final int MAX_REGISTRATIONS = 50;
  private static final long PING_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final TokenVerifier tokens;
  private final OriginPolicy origins;
  private final Fanout fanout;
  private final Set<String> inbound = new HashSet<>();
  private final List<CompiledRule> outbound = new ArrayList<>();
  private final long requestTimeoutMs;
  private final Set<Connection> connections = new HashSet<>();

  private record CompiledRule(Pattern pattern, String authorizeAddress) {
  }

  /** One socket's state; touched only on its event loop. */
  private static final class Connection {
    final SockJSSocket socket;
    final Map<String, Fanout.Subscriber> registrations = new HashMap<>();
    /** Addresses whose REGISTER is still being checked: a repeat meanwhile must not subscribe twice. */
    final Set<String> registering = new HashSet<>();
    boolean closed;
    long lastPing = System.currentTimeMillis();

    Connection(SockJSSocket socket) {
      this.socket = socket;
    }
  }

  SocketBridge(Vertx vertx, TokenVerifier tokens, OriginPolicy origins, Iterable<BridgeRules> rules, long requestTimeoutMs,
               JsonObject fanoutConfig, String metricsRegistry) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.origins = origins;
    this.requestTimeoutMs = requestTimeoutMs;
    this.fanout = Fanout.of(vertx, fanoutConfig.getInteger("maxDrops", 256), fanoutConfig.getLong("reorderMs", 500L), metricsRegistry);
    for (BridgeRules domain : rules) {
      inbound.addAll(domain.inbound());
      for (BridgeRules.OutboundRule rule : domain.outbound()) {
        outbound.add(new CompiledRule(Pattern.compile(rule.addressRegex()), rule.authorizeAddress()));
      }
    }
    vertx.setPeriodic(PING_TIMEOUT_MS / 3, id -> closeSilent());
  }

  Router router() {
    SockJSHandler sockJS = SockJSHandler.create(vertx, new SockJSHandlerOptions().setHeartbeatInterval(10_000));
    return sockJS.socketHandler(this::connected);
  }

  private void connected(SockJSSocket socket) {
    String origin = socket.headers().get("Origin");
    if (!origins.allows(origin, socket.headers().get("Host"))) {
      LOG.info("bridge refused a socket from origin {}", origin);
      socket.close();
      return;
    }
    Connection connection = new Connection(socket);
    connections.add(connection);
    socket.handler(data -> onFrame(connection, data));
    socket.closeHandler(v -> {
      connections.remove(connection);
      connection.closed = true;
      connection.registrations.forEach((address, subscriber) -> fanout.remove(address, subscriber));
      connection.registrations.clear();
    });
  }

  /** Like vertx-web's bridge: a socket that stops pinging is closed. */
  private void closeSilent() {
    long cutoff = System.currentTimeMillis() - PING_TIMEOUT_MS;
    for (Connection connection : List.copyOf(connections)) {
      if (connection.lastPing < cutoff) {
        connection.socket.close();
      }
    }
  }

  private void onFrame(Connection connection, Buffer data) {
    if (data.length() > MAX_FRAME_BYTES) {
      refuse(connection, null, "frame_too_large");
      return;
    }
    JsonObject frame;
    try {
      frame = new JsonObject(data);
    } catch (RuntimeException e) {
      refuse(connection, null, "invalid_json");
      return;
    }
    connection.lastPing = System.currentTimeMillis();
    String type = frame.getString("type", "");
    String address = frame.getValue("address") instanceof String a ? a : null;
    switch (type) {
      case "ping" -> connection.socket.write(new JsonObject().put("type", "pong").toBuffer());
      case "send" -> onSend(connection, frame, address);
      case "register" -> onRegister(connection, frame, address);
      case "unregister" -> {
        Fanout.Subscriber subscriber = address == null ? null : connection.registrations.remove(address);
        if (subscriber != null) {
          fanout.remove(address, subscriber);
        }
      }
      default -> refuse(connection, frame.getString("replyAddress"), "access_denied"); // publish and anything unknown
    }
  }

  private void onSend(Connection connection, JsonObject frame, String address) {
    String replyAddress = frame.getValue("replyAddress") instanceof String r ? r : null;
    if (address == null || !inbound.contains(address)) {
      refuse(connection, replyAddress, "access_denied");
      return;
    }
    verify(frame).onComplete(ar -> {
      if (ar.failed()) {
        refuse(connection, replyAddress, "access_denied");
        return;
      }
      // Only the verified identity travels on: domains trust these headers.
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(requestTimeoutMs)
          .addHeader(BusHeaders.USER_ID, ar.result().id()).addHeader(BusHeaders.USER_ROLE, ar.result().role());
      Object body = frame.getValue("body");
      if (replyAddress == null) {
        vertx.eventBus().send(address, body, options);
        return;
      }
      vertx.eventBus().request(address, body, options).onComplete(reply -> {
        if (reply.succeeded()) {
          connection.socket.write(new JsonObject().put("type", "rec").put("address", replyAddress)
              .put("body", reply.result().body()).toBuffer());
        } else {
          ReplyException failure = reply.cause() instanceof ReplyException r ? r : null;
          connection.socket.write(new JsonObject().put("type", "err").put("address", replyAddress)
              .put("failureCode", failure == null ? -1 : failure.failureCode())
              .put("failureType", failure == null ? "RECIPIENT_FAILURE" : failure.failureType().name())
              .put("message", reply.cause().getMessage()).toBuffer());
        }
      });
    });
  }

  private void onRegister(Connection connection, JsonObject frame, String address) {
    CompiledRule rule = address == null ? null : outbound.stream()
        .filter(r -> r.pattern().matcher(address).matches()).findFirst().orElse(null);
    if (rule == null || connection.registrations.size() >= MAX_REGISTRATIONS) {
      refuse(connection, null, rule == null ? "access_denied" : "max_registrations");
      return;
    }
    if (connection.registrations.containsKey(address) || !connection.registering.add(address)) {
      return;
    }
    long lastSeq = lastSeq(frame.getJsonObject("headers"));
    verify(frame).compose(user -> fanout.prepare(address, connection.socket, user.id(), lastSeq).compose(subscriber -> {
      if (connection.closed) { // gone while we checked the token
        fanout.remove(address, subscriber);
        return Future.succeededFuture(true);
      }
      connection.registrations.put(address, subscriber);
      subscriber.onKicked = () -> connection.registrations.remove(address, subscriber);
      JsonObject ask = new JsonObject().put("address", address).put("userId", user.id()).put("role", user.role());
      if (lastSeq >= 0) {
        ask.put("lastSeq", lastSeq);
      }
      return vertx.eventBus().<JsonObject>request(rule.authorizeAddress(), ask, new DeliveryOptions().setSendTimeout(requestTimeoutMs)
              .addHeader(BusHeaders.USER_ID, user.id()).addHeader(BusHeaders.USER_ROLE, user.role()))
          .map(Message::body)
          .andThen(answer -> {
            if (answer.succeeded() && answer.result() != null && answer.result().getBoolean("allowed", false)) {
              fanout.open(subscriber, address, answer.result().getJsonArray("backlog"));
            } else if (connection.registrations.remove(address, subscriber)) {
              fanout.remove(address, subscriber);
            }
          })
          .map(answer -> answer != null && answer.getBoolean("allowed", false));
    })).onComplete(ar -> {
      connection.registering.remove(address);
      if (ar.failed() || !ar.result()) {
        refuse(connection, null, "access_denied");
      }
    });
  }

  private static long lastSeq(JsonObject headers) {
    Object value = headers == null ? null : headers.getValue("lastSeq");
    try {
      return value == null ? -1 : Long.parseLong(String.valueOf(value));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void refuse(Connection connection, String replyAddress, String reason) {
    JsonObject error = new JsonObject().put("type", "err");
    if (replyAddress != null) {
      error.put("address", replyAddress).put("failureCode", 403).put("failureType", "RECIPIENT_FAILURE").put("message", reason);
    } else {
      error.put("body", reason);
    }
    connection.socket.write(error.toBuffer());
  }

  private Future<RequestUser> verify(JsonObject frame) {
    JsonObject headers = frame.getValue("headers") instanceof JsonObject h ? h : null;
    Object value = headers == null ? null : headers.getValue("Authorization") != null ? headers.getValue("Authorization")
        : headers.getValue("authorization");
    String header = value instanceof String text ? text : null;
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture("no bearer token");
    }
    return tokens.verify(header.substring(7).trim());
  }
}
