package dev.creatorhub.gateway;

import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.LocalFirst;
import dev.creatorhub.shared.web.RequestUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
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
 * inbound address, with a JSON object body and with the client's headers replaced by the verified
 * identity; a REGISTER needs an outbound rule whose authorizer accepts the user. Browsers never PUBLISH.
 *
 * <p>Access follows rights: a registration ends, with an error frame naming the address and the
 * reason, when the socket's session ends ({@code session_ended}), when its token expires and the
 * client sent no fresh one ({@code token_expired}; any frame with a newer token of the same user, or a
 * SEND to {@value #AUTH} with one, refreshes it), and when its authorizer refuses it on a recheck
 * ({@code access_ended}): at the end of the access it relied on, after {@link BridgeRules#ACCESS_CHANGED}
 * for the user, and every few minutes.
 *
 * <p>Written on SockJS sockets rather than with vertx-web's bridge so registrations go through
 * {@link Fanout}: one event-bus consumer per address per node instead of one (cluster-wide) per socket.
 * A REGISTER may carry {@code lastSeq} in its headers: the authorizer may then answer with the
 * {@code backlog} after it, which the socket gets before live messages.
 */
final class SocketBridge {

  private static final Logger LOG = LoggerFactory.getLogger(SocketBridge.class);
  /** A SEND to this address refreshes the socket's token and is answered here: {@code {expiresAt}}. */
  static final String AUTH = "bridge.auth";
  static final int MAX_FRAME_BYTES = 64 * 1024;
  /** What the transport lets through, so a frame over our limit is answered rather than cut off. */
  static final int TRANSPORT_FRAME_BYTES = 256 * 1024;
  private static final int MAX_REGISTRATIONS = 50;
  private static final long PING_TIMEOUT_MS = 30_000;
  private static final long RECHECK_MS = 5 * 60_000;
  private static final long RETRY_MS = 2_000;

  private final Vertx vertx;
  private final TokenVerifier tokens;
  private final OriginPolicy origins;
  private final Fanout fanout;
  private final Set<String> inbound = new HashSet<>();
  private final List<CompiledRule> outbound = new ArrayList<>();
  private final long requestTimeoutMs;
  private final Set<BridgeConnection> connections = new HashSet<>();
  private final Map<String, Set<BridgeConnection>> byUser = new HashMap<>();

  private record CompiledRule(Pattern pattern, String authorizeAddress) {
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
  }

  Router router() {
    SockJSHandler sockJS = SockJSHandler.create(vertx, new SockJSHandlerOptions().setHeartbeatInterval(10_000));
    return sockJS.socketHandler(this::connected);
  }

  /** Expiries, due rechecks and silent sockets; call it every second on the bridge's context. */
  void tick() {
    long now = System.currentTimeMillis();
    for (BridgeConnection connection : List.copyOf(connections)) {
      if (connection.lastPing < now - PING_TIMEOUT_MS) {
        connection.socket.close();
      } else if (!connection.registrations.isEmpty() && connection.expiresAtMs < now) {
        endAll(connection, "token_expired");
      } else {
        connection.registrations.forEach((address, registration) -> {
          if (!registration.checking && registration.recheckAtMs <= now) {
            recheck(connection, address, registration);
          }
        });
      }
    }
  }

  /** These sessions ended: every registration opened under them ends now. */
  void sessionsEnded(Collection<String> sessionIds) {
    for (BridgeConnection connection : List.copyOf(connections)) {
      if (connection.sessionId != null && sessionIds.contains(connection.sessionId)) {
        connection.sessionEnded();
        endAll(connection, "session_ended");
      }
    }
  }

  /** Something that granted this user access may have ended: ask again for each of their registrations here. */
  void accessChanged(String userId) {
    for (BridgeConnection connection : List.copyOf(byUser.getOrDefault(userId, Set.of()))) {
      connection.registrations.forEach((address, registration) -> recheck(connection, address, registration));
    }
  }

  private void connected(SockJSSocket socket) {
    String origin = socket.headers().get("Origin");
    if (!origins.allows(origin, socket.headers().get("Host"))) {
      LOG.info("bridge refused a socket from origin {}", origin);
      socket.close();
      return;
    }
    BridgeConnection connection = new BridgeConnection(socket);
    connections.add(connection);
    socket.handler(data -> onFrame(connection, data));
    socket.closeHandler(v -> {
      connections.remove(connection);
      connection.closed = true;
      if (connection.userId != null) {
        Set<BridgeConnection> mine = byUser.get(connection.userId);
        if (mine != null && mine.remove(connection) && mine.isEmpty()) {
          byUser.remove(connection.userId);
        }
      }
      connection.registrations.forEach((address, registration) -> fanout.remove(address, registration.subscriber));
      connection.registrations.clear();
    });
  }

  private void onFrame(BridgeConnection connection, Buffer data) {
    connection.lastPing = System.currentTimeMillis();
    JsonObject frame;
    try {
      frame = data.length() > MAX_FRAME_BYTES ? null : new JsonObject(data);
    } catch (RuntimeException e) {
      refuse(connection, null, 400, "invalid_json");
      return;
    }
    if (frame == null) {
      refuse(connection, null, 413, "frame_too_large");
      return;
    }
    String type = frame.getValue("type") instanceof String t ? t : "";
    String address = frame.getValue("address") instanceof String a ? a : null;
    String replyAddress = frame.getValue("replyAddress") instanceof String r ? r : null;
    switch (type) {
      case "ping" -> connection.socket.write(new JsonObject().put("type", "pong").toBuffer());
      case "send" -> onSend(connection, frame, address, replyAddress);
      case "register" -> onRegister(connection, frame, address);
      case "unregister" -> {
        BridgeConnection.Registration registration = address == null ? null : connection.registrations.remove(address);
        if (registration != null) {
          fanout.remove(address, registration.subscriber);
        }
      }
      default -> refuse(connection, replyAddress, 403, "access_denied"); // publish and anything unknown
    }
  }

  private void onSend(BridgeConnection connection, JsonObject frame, String address, String replyAddress) {
    if (address == null || !(inbound.contains(address) || AUTH.equals(address))) {
      refuse(connection, replyAddress, 403, "access_denied");
      return;
    }
    if (!(frame.getValue("body") instanceof JsonObject body)) {
      LOG.debug("bridge refused a {} frame whose body is not a JSON object", address);
      refuse(connection, replyAddress, 400, "The body must be a JSON object.");
      return;
    }
    verify(connection, frame).onComplete(ar -> {
      if (ar.failed()) {
        refuse(connection, replyAddress, 403, "access_denied");
        return;
      }
      RequestUser user = ar.result();
      if (AUTH.equals(address)) {
        reply(connection, replyAddress, new JsonObject().put("expiresAt", connection.expiresAtMs));
        return;
      }
      // Only the verified identity travels on: domains trust these headers.
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(requestTimeoutMs)
          .addHeader(BusHeaders.USER_ID, user.id()).addHeader(BusHeaders.USER_ROLE, user.role());
      if (replyAddress == null) {
        vertx.eventBus().send(address, body, options);
        return;
      }
      LocalFirst.request(vertx, address, body, options).onComplete(answer -> {
        if (answer.succeeded()) {
          reply(connection, replyAddress, answer.result().body());
        } else {
          ReplyException failure = answer.cause() instanceof ReplyException r ? r : null;
          connection.socket.write(new JsonObject().put("type", "err").put("address", replyAddress)
              .put("failureCode", failure == null ? -1 : failure.failureCode())
              .put("failureType", failure == null ? "RECIPIENT_FAILURE" : failure.failureType().name())
              .put("message", answer.cause().getMessage()).toBuffer());
        }
      });
    });
  }

  private static void reply(BridgeConnection connection, String replyAddress, Object body) {
    if (replyAddress != null) {
      connection.socket.write(new JsonObject().put("type", "rec").put("address", replyAddress).put("body", body).toBuffer());
    }
  }

  private void onRegister(BridgeConnection connection, JsonObject frame, String address) {
    CompiledRule rule = address == null ? null : outbound.stream()
        .filter(r -> r.pattern().matcher(address).matches()).findFirst().orElse(null);
    if (rule == null) {
      refuse(connection, address, 403, "access_denied");
      return;
    }
    if (connection.registrations.containsKey(address)) {
      verify(connection, frame); // a repeat only refreshes the token
      return;
    }
    if (connection.registering.contains(address)) {
      return;
    }
    if (connection.slotsInUse() >= MAX_REGISTRATIONS) {
      refuse(connection, address, 429, "max_registrations");
      return;
    }
    connection.registering.add(address);
    long lastSeq = lastSeq(frame.getJsonObject("headers"));
    verify(connection, frame).compose(user -> fanout.prepare(address, connection.socket, user.id(), lastSeq).compose(subscriber -> {
      if (connection.closed) { // gone while we checked the token
        fanout.remove(address, subscriber);
        return Future.succeededFuture((String) null);
      }
      return authorize(rule.authorizeAddress(), address, connection, lastSeq).transform(answer -> {
        String refusal = answer.failed() ? "retry" : answer.result().getBoolean("allowed", false) ? null : "access_denied";
        if (refusal != null) {
          fanout.remove(address, subscriber);
          return Future.succeededFuture(refusal);
        }
        BridgeConnection.Registration registration = new BridgeConnection.Registration(subscriber, rule.authorizeAddress(),
            recheckAt(answer.result()));
        connection.registrations.put(address, registration);
        subscriber.onKicked = () -> connection.registrations.remove(address, registration);
        fanout.open(subscriber, address, answer.result().getJsonArray("backlog"));
        return Future.succeededFuture((String) null);
      });
    })).onComplete(ar -> {
      connection.registering.remove(address);
      if (ar.failed()) {
        refuse(connection, address, 403, "access_denied");
      } else if (ar.result() != null) {
        refuse(connection, address, "retry".equals(ar.result()) ? 503 : 403, ar.result());
      }
    });
  }

  /** Asks again whether the socket's user may still listen; ends the registration when the answer is no. */
  private void recheck(BridgeConnection connection, String address, BridgeConnection.Registration registration) {
    registration.checking = true;
    authorize(registration.authorizeAddress, address, connection, -1).onComplete(answer -> {
      registration.checking = false;
      if (connection.registrations.get(address) != registration) {
        return; // ended meanwhile
      }
      if (answer.failed()) {
        registration.recheckAtMs = System.currentTimeMillis() + RETRY_MS; // no answer is not a no
      } else if (answer.result().getBoolean("allowed", false)) {
        registration.recheckAtMs = recheckAt(answer.result());
      } else {
        end(connection, address, "access_ended");
      }
    });
  }

  private Future<JsonObject> authorize(String authorizeAddress, String address, BridgeConnection connection, long lastSeq) {
    JsonObject ask = new JsonObject().put("address", address).put("userId", connection.userId).put("role", connection.role);
    if (lastSeq >= 0) {
      ask.put("lastSeq", lastSeq);
    }
    return LocalFirst.<JsonObject>request(vertx, authorizeAddress, ask, new DeliveryOptions().setSendTimeout(requestTimeoutMs)
            .addHeader(BusHeaders.USER_ID, connection.userId).addHeader(BusHeaders.USER_ROLE, connection.role))
        .map(Message::body)
        .recover(err -> err instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
            && reply.failureCode() >= 400 && reply.failureCode() < 500
            ? Future.succeededFuture(new JsonObject().put("allowed", false)) : Future.failedFuture(err));
  }

  private static long recheckAt(JsonObject answer) {
    long regular = System.currentTimeMillis() + RECHECK_MS;
    Long until = answer.getValue("until") instanceof Number n ? n.longValue() : null;
    return until == null ? regular : Math.min(regular, until);
  }

  private void end(BridgeConnection connection, String address, String reason) {
    BridgeConnection.Registration registration = connection.registrations.remove(address);
    if (registration != null) {
      fanout.remove(address, registration.subscriber);
      refuse(connection, address, 403, reason);
    }
  }

  private void endAll(BridgeConnection connection, String reason) {
    for (String address : List.copyOf(connection.registrations.keySet())) {
      end(connection, address, reason);
    }
  }

  private static long lastSeq(JsonObject headers) {
    Object value = headers == null ? null : headers.getValue("lastSeq");
    try {
      return value == null ? -1 : Long.parseLong(String.valueOf(value));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** An error frame: for a reply, a registration or the socket ({@code address} null); the reason is its message. */
  private static void refuse(BridgeConnection connection, String address, int code, String reason) {
    JsonObject error = new JsonObject().put("type", "err").put("failureCode", code).put("failureType", "RECIPIENT_FAILURE")
        .put("message", reason).put("body", reason);
    if (address != null) {
      error.put("address", address);
    }
    connection.socket.write(error.toBuffer());
  }

  /** The frame's token, verified and accepted as this socket's (same user as before). */
  private Future<RequestUser> verify(BridgeConnection connection, JsonObject frame) {
    JsonObject headers = frame.getValue("headers") instanceof JsonObject h ? h : null;
    Object value = headers == null ? null : headers.getValue("Authorization") != null ? headers.getValue("Authorization")
        : headers.getValue("authorization");
    String header = value instanceof String text ? text : null;
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture("no bearer token");
    }
    return tokens.verify(header.substring(7).trim()).compose(user -> {
      boolean first = connection.userId == null;
      if (!connection.accept(user)) {
        return Future.failedFuture("the socket belongs to another user");
      }
      if (first && !connection.closed) {
        byUser.computeIfAbsent(user.id(), k -> new HashSet<>()).add(connection);
      }
      return Future.succeededFuture(user);
    });
  }
}
