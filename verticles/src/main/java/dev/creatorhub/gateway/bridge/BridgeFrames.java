package dev.creatorhub.gateway.bridge;

import io.vertx.core.json.JsonObject;

/** The frames the bridge writes to a socket besides room messages: replies and errors. */
final class BridgeFrames {

  private BridgeFrames() {
  }

  /** An error frame: for a reply, a registration or the socket ({@code address} null); the reason is its message. */
  static void refuse(BridgeConnection connection, String address, int code, String reason) {
    JsonObject error = new JsonObject().put("type", "err").put("failureCode", code).put("failureType", "RECIPIENT_FAILURE")
        .put("message", reason).put("body", reason);
    if (address != null) {
      error.put("address", address);
    }
    connection.socket.write(error.toBuffer());
  }

  static void reply(BridgeConnection connection, String replyAddress, Object body) {
    if (replyAddress != null) {
      connection.socket.write(new JsonObject().put("type", "rec").put("address", replyAddress).put("body", body).toBuffer());
    }
  }
}
