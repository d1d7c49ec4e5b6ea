package dev.creatorhub.gateway.bridge;

import dev.creatorhub.shared.config.Settings;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.gateway.OriginPolicy;
import dev.creatorhub.gateway.TokenVerifier;
import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.shared.web.RequestUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
public final class SocketBridge {

  private static final Logger LOG = LoggerFactory.getLogger(SocketBridge.class);
  /** A SEND to this address refreshes the socket's token and is answered here: {@code {expiresAt}}. */
  static final String AUTH = "bridge.auth";
  static final int MAX_FRAME_BYTES = 64 * 1024;
  /** What the transport lets through, so a frame over our limit is answered rather than cut off. */
  public static final int TRANSPORT_FRAME_BYTES = 256 * 1024;
  private static final long PING_TIMEOUT_MS = 30_000;
  static final long CLOSE_GRACE_MS = 2000;

  private final Vertx vertx;
  private final TokenVerifier tokens;
  private final OriginPolicy origins;
  private final Fanout fanout;
  private final Registrations registrations;
  private final BridgeCommands commands;
  private final Set<BridgeConnection> connections = new HashSet<>();
  private final Map<String, Set<BridgeConnection>> byUser = new HashMap<>();

  public SocketBridge(Vertx vertx, TokenVerifier tokens, OriginPolicy origins, CommandPolicy policy, Iterable<BridgeRules> rules,
                      long requestTimeoutMs, Settings fanoutConfig, String metricsRegistry) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.origins = origins;
    this.fanout = Fanout.of(vertx, fanoutConfig.requireInt("maxDrops"), fanoutConfig.requirePositive("reorderMs"), metricsRegistry);
    List<BridgeRules> domains = new ArrayList<>();
    rules.forEach(domains::add);
    Map<String, BodySchema> inbound = new HashMap<>();
    domains.forEach(domain -> inbound.putAll(domain.inbound()));
    this.registrations = new Registrations(vertx, fanout, domains, requestTimeoutMs, this::verify);
    this.commands = new BridgeCommands(vertx, Map.copyOf(inbound), policy, requestTimeoutMs, this::verify);
  }

  /**
   * Starts the bridge's own duties on the caller's context: every second its {@link #tick}, and the
   * cluster's word that a user's access changed; completes once both it and the fan-out's kick
   * orders are heard, so the gateway takes no socket before.
   */
  public Future<Void> start() {
    vertx.setPeriodic(1000, id -> tick());
    Future<Void> accessChanges = vertx.eventBus().<JsonObject>consumer(BridgeRules.ACCESS_CHANGED,
        msg -> accessChanged(msg.body().getString("userId"))).completion();
    return Future.all(accessChanges, fanout.ready()).mapEmpty();
  }

  public Router router() {
    Router router = Router.router(vertx);
    // Served here rather than by SockJS's raw transport, so room frames reach the channel already encoded.
    router.get("/websocket").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(socket -> connected(new WebSocketBridgeSocket(socket, ctx.request().connection())))
        .onFailure(err -> {
          if (!ctx.response().ended()) {
            ctx.fail(new ApiException(400, "Only a WebSocket upgrade is served here."));
          }
        }));
    SockJSHandler sockJS = SockJSHandler.create(vertx, new SockJSHandlerOptions().setHeartbeatInterval(10_000));
    router.route("/*").subRouter(sockJS.socketHandler(socket -> connected(new SockJsBridgeSocket(socket))));
    return router;
  }

  /** Expiries, due rechecks and silent sockets; call it every second on the bridge's context. */
  void tick() {
    long now = System.currentTimeMillis();
    for (BridgeConnection connection : List.copyOf(connections)) {
      if (connection.closing) {
        continue; // closed for silence, waiting for the transport to report it
      }
      if (connection.lastPing < now - PING_TIMEOUT_MS) {
        connection.closing = true;
        connection.socket.close();
        // A peer that stopped reading never takes the close frame: close the connection under it.
        vertx.setTimer(CLOSE_GRACE_MS, t -> connection.socket.closeConnection());
      } else if (!connection.registrations.isEmpty() && connection.expiresAtMs < now) {
        registrations.endAll(connection, "token_expired");
      } else {
        connection.registrations.forEach((address, registration) -> {
          if (!registration.checking && registration.recheckAtMs <= now) {
            registrations.recheck(connection, address, registration);
          }
        });
      }
    }
  }

  /** These sessions ended: every registration opened under them ends now. */
  public void sessionsEnded(Collection<String> sessionIds) {
    for (BridgeConnection connection : List.copyOf(connections)) {
      if (connection.sessionId != null && sessionIds.contains(connection.sessionId)) {
        connection.sessionEnded();
        registrations.endAll(connection, "session_ended");
      }
    }
  }

  /** Something that granted this user access may have ended: ask again for each of their registrations here. */
  void accessChanged(String userId) {
    for (BridgeConnection connection : List.copyOf(byUser.getOrDefault(userId, Set.of()))) {
      connection.registrations.forEach((address, registration) -> registrations.recheck(connection, address, registration));
    }
  }

  private void connected(BridgeSocket socket) {
    String origin = socket.headers().get("Origin");
    if (!origins.allows(origin, socket.headers().get("Host"))) {
      LOG.info("bridge refused a socket from origin {}", origin);
      socket.close();
      return;
    }
    BridgeConnection connection = new BridgeConnection(socket);
    connections.add(connection);
    socket.frameHandler(data -> onFrame(connection, data));
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
      BridgeFrames.refuse(connection, null, 400, "invalid_json");
      return;
    }
    if (frame == null) {
      BridgeFrames.refuse(connection, null, 413, "frame_too_large");
      return;
    }
    String type = frame.getValue("type") instanceof String t ? t : "";
    String address = frame.getValue("address") instanceof String a ? a : null;
    String replyAddress = frame.getValue("replyAddress") instanceof String r ? r : null;
    switch (type) {
      case "ping" -> connection.socket.write(new JsonObject().put("type", "pong").toBuffer());
      case "send" -> commands.onSend(connection, frame, address, replyAddress);
      case "register" -> registrations.register(connection, frame, address);
      case "unregister" -> {
        BridgeConnection.Registration registration = address == null ? null : connection.registrations.remove(address);
        if (registration != null) {
          fanout.remove(address, registration.subscriber);
        }
      }
      default -> BridgeFrames.refuseCommand(connection, replyAddress, 403, "access_denied"); // publish and anything unknown
    }
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
