package dev.creatorhub.gateway.bridge;

import dev.creatorhub.shared.bus.BusErrors;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.error.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The frames the bridge writes to a socket besides room messages: replies and errors. Every error
 * frame carries an RFC 9457 problem as its {@code body} (as a REST answer would) and its status as
 * {@code failureCode}. The Vert.x bridge client hands only {@code message} to its callbacks: for a
 * command it is the problem as text (the web app shows its detail), for a registration or the
 * socket the reason code the client acts on ({@code access_ended}, {@code retry}, ...).
 */
final class BridgeFrames {

  private static final Map<String, String> DETAILS = Map.of(
      "access_denied", "You are not allowed to do that here.",
      "invalid_json", "The frame is not JSON.",
      "frame_too_large", "The frame is too large.",
      "max_registrations", "This connection listens to too many addresses already.",
      "token_expired", "The access token expired; send a fresh one.",
      "session_ended", "The session ended; sign in again.",
      "access_ended", "The access this relied on has ended.",
      "retry", "Could not check access right now; try again.");

  private BridgeFrames() {
  }

  /** An error frame: for a registration or the socket ({@code address} null), with its reason code. */
  static void refuse(BridgeConnection connection, String address, int status, String reason) {
    connection.socket.write(ended(address, status, reason));
  }

  /** The frame that ends a registration (or refuses one) for {@code reason}; encoded once, it can go to many sockets. */
  static Buffer ended(String address, int status, String reason) {
    return frame(address, status, reason, problem(status, reason)).toBuffer();
  }

  private static JsonObject problem(int status, String reason) {
    return Problems.problem(status, Problems.titleFor(status), DETAILS.getOrDefault(reason, reason)).put("reason", reason);
  }

  /** A command refused by the bridge itself: the problem is also its {@code message}, as for a domain's refusal. */
  static void refuseCommand(BridgeConnection connection, String replyAddress, int status, String reason) {
    JsonObject problem = problem(status, reason);
    connection.socket.write(frame(replyAddress, status, problem.encode(), problem).toBuffer());
  }

  /** The failure of a command, mapped as the REST edge maps it (a 5xx says nothing of the domain's internals). */
  static void fail(BridgeConnection connection, String replyAddress, Throwable failure) {
    ApiException error = BusErrors.toApiException(failure);
    if (error == null) {
      error = new ApiException(500, null);
    }
    JsonObject problem = Problems.of(error);
    connection.socket.write(frame(replyAddress, error.status(), problem.encode(), problem).toBuffer());
  }

  private static JsonObject frame(String address, int status, String message, JsonObject problem) {
    JsonObject frame = new JsonObject().put("type", "err").put("failureCode", status).put("failureType", "RECIPIENT_FAILURE")
        .put("message", message).put("body", problem);
    if (address != null) {
      frame.put("address", address);
    }
    return frame;
  }

  static void reply(BridgeConnection connection, String replyAddress, Object body) {
    if (replyAddress != null) {
      connection.socket.write(new JsonObject().put("type", "rec").put("address", replyAddress).put("body", body).toBuffer());
    }
  }
}
