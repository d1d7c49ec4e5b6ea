package dev.creatorhub.gateway.bridge;

import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.LocalFirst;
import dev.creatorhub.shared.web.RequestUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * A socket's registrations to outbound addresses (rooms, inboxes): opened when the address's
 * authorizer says yes, asked again when the access it relied on ends, and ended with a reason.
 * No answer from an authorizer is not a no: the client is told to retry, a recheck tries again soon.
 */
final class Registrations {

  private static final int MAX_REGISTRATIONS = 50;
  private static final long RECHECK_MS = 5 * 60_000;
  private static final long RETRY_MS = 2_000;

  private record CompiledRule(Pattern pattern, String authorizeAddress) {
  }

  private final Vertx vertx;
  private final Fanout fanout;
  private final long requestTimeoutMs;
  private final BiFunction<BridgeConnection, JsonObject, Future<RequestUser>> verifier;
  private final List<CompiledRule> outbound = new ArrayList<>();

  Registrations(Vertx vertx, Fanout fanout, Iterable<BridgeRules> rules, long requestTimeoutMs,
                BiFunction<BridgeConnection, JsonObject, Future<RequestUser>> verifier) {
    this.vertx = vertx;
    this.fanout = fanout;
    this.requestTimeoutMs = requestTimeoutMs;
    this.verifier = verifier;
    for (BridgeRules domain : rules) {
      for (BridgeRules.OutboundRule rule : domain.outbound()) {
        outbound.add(new CompiledRule(Pattern.compile(rule.addressRegex()), rule.authorizeAddress()));
      }
    }
  }

  void register(BridgeConnection connection, JsonObject frame, String address) {
    CompiledRule rule = address == null ? null : outbound.stream()
        .filter(r -> r.pattern().matcher(address).matches()).findFirst().orElse(null);
    if (rule == null) {
      BridgeFrames.refuse(connection, address, 403, "access_denied");
      return;
    }
    if (connection.registrations.containsKey(address)) {
      verifier.apply(connection, frame); // a repeat only refreshes the token
      return;
    }
    if (connection.registering.contains(address)) {
      return;
    }
    if (connection.slotsInUse() >= MAX_REGISTRATIONS) {
      BridgeFrames.refuse(connection, address, 429, "max_registrations");
      return;
    }
    connection.registering.add(address);
    long lastSeq = lastSeq(frame.getJsonObject("headers"));
    verifier.apply(connection, frame).compose(user -> fanout.prepare(address, connection.socket, user.id(), lastSeq).compose(subscriber -> {
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
        BridgeFrames.refuse(connection, address, 403, "access_denied");
      } else if (ar.result() != null) {
        BridgeFrames.refuse(connection, address, "retry".equals(ar.result()) ? 503 : 403, ar.result());
      }
    });
  }

  /** Asks again whether the socket's user may still listen; ends the registration when the answer is no. */
  void recheck(BridgeConnection connection, String address, BridgeConnection.Registration registration) {
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

  void end(BridgeConnection connection, String address, String reason) {
    BridgeConnection.Registration registration = connection.registrations.remove(address);
    if (registration != null) {
      fanout.remove(address, registration.subscriber);
      BridgeFrames.refuse(connection, address, 403, reason);
    }
  }

  void endAll(BridgeConnection connection, String reason) {
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
}
