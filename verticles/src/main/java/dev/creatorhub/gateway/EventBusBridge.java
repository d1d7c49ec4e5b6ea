package dev.creatorhub.gateway;

import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.web.RequestUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SockJS event-bus bridge at {@code /eventbus}, deny-by-default. Every SEND and REGISTER frame
 * must carry {@code Authorization: Bearer <token>} in its headers; a SEND reaches a domain only at an
 * exact inbound address and with the client's headers replaced by the verified identity; a REGISTER
 * needs an outbound rule whose authorizer accepts the user. Browsers never PUBLISH.
 */
final class EventBusBridge {

  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridge.class);

  private final Vertx vertx;
  private final TokenVerifier tokens;
  private final OriginPolicy origins;
  private final Set<String> inbound = new HashSet<>();
  private final List<CompiledRule> outbound = new ArrayList<>();
  private final long authorizeTimeoutMs;

  private record CompiledRule(Pattern pattern, String authorizeAddress) {
  }

  EventBusBridge(Vertx vertx, TokenVerifier tokens, OriginPolicy origins, Iterable<BridgeRules> rules, long authorizeTimeoutMs) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.origins = origins;
    this.authorizeTimeoutMs = authorizeTimeoutMs;
    for (BridgeRules domain : rules) {
      inbound.addAll(domain.inbound());
      for (BridgeRules.OutboundRule rule : domain.outbound()) {
        outbound.add(new CompiledRule(Pattern.compile(rule.addressRegex()), rule.authorizeAddress()));
      }
    }
  }

  Router router() {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .setMaxAddressLength(200)
        .setMaxHandlersPerSocket(50)
        .setPingTimeout(30_000)
        .setReplyTimeout(10_000);
    inbound.forEach(address -> options.addInboundPermitted(new PermittedOptions().setAddress(address)));
    outbound.forEach(rule -> options.addOutboundPermitted(new PermittedOptions().setAddressRegex(rule.pattern().pattern())));
    SockJSHandler sockJS = SockJSHandler.create(vertx, new SockJSHandlerOptions().setHeartbeatInterval(10_000));
    return sockJS.bridge(options, this::onEvent);
  }

  private void onEvent(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> {
        String origin = event.socket().headers().get("Origin");
        boolean allowed = origins.allows(origin, event.socket().headers().get("Host"));
        if (!allowed) {
          LOG.info("bridge refused a socket from origin {}", origin);
        }
        event.complete(allowed);
      }
      case PUBLISH -> event.complete(false);
      case SEND -> onSend(event);
      case REGISTER -> onRegister(event);
      default -> event.complete(true);
    }
  }

  private void onSend(BridgeEvent event) {
    JsonObject frame = event.getRawMessage();
    String address = frame == null ? null : frame.getString("address");
    if (address == null || !inbound.contains(address)) {
      event.complete(false);
      return;
    }
    verify(frame).onComplete(ar -> {
      if (ar.failed()) {
        event.complete(false);
        return;
      }
      // Replace every client-supplied header: domains trust these identity headers.
      frame.put("headers", new JsonObject()
          .put(BusHeaders.USER_ID, ar.result().id())
          .put(BusHeaders.USER_ROLE, ar.result().role()));
      event.setRawMessage(frame);
      event.complete(true);
    });
  }

  private void onRegister(BridgeEvent event) {
    JsonObject frame = event.getRawMessage();
    String address = frame == null ? null : frame.getString("address");
    CompiledRule rule = address == null ? null : outbound.stream()
        .filter(r -> r.pattern().matcher(address).matches()).findFirst().orElse(null);
    if (rule == null) {
      event.complete(false);
      return;
    }
    verify(frame)
        .compose(user -> vertx.eventBus().<JsonObject>request(rule.authorizeAddress(),
                new JsonObject().put("address", address).put("userId", user.id()).put("role", user.role()),
                new DeliveryOptions().setSendTimeout(authorizeTimeoutMs)
                    .addHeader(BusHeaders.USER_ID, user.id()).addHeader(BusHeaders.USER_ROLE, user.role()))
            .map(Message::body))
        .onComplete(ar -> event.complete(ar.succeeded() && ar.result() != null
            && ar.result().getBoolean("allowed", false)));
  }

  private Future<RequestUser> verify(JsonObject frame) {
    JsonObject headers = frame.getJsonObject("headers");
    String header = headers == null ? null : headers.getString("Authorization", headers.getString("authorization"));
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture("no bearer token");
    }
    return tokens.verify(header.substring(7).trim());
  }
}
