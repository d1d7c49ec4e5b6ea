package dev.creatorhub.gateway;

import dev.creatorhub.shared.error.Problems;
import dev.creatorhub.shared.web.RequestIds;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Requests the HTTP codec could not read (a request line or headers over the limits, a malformed
 * request) never reach the router; they get the same problem+json as every other error, then the
 * connection is closed, since what follows on it cannot be trusted.
 */
final class CodecErrors {

  private CodecErrors() {
  }

  static void handle(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    if (result == null || result.isSuccess()) {
      HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
      return;
    }
    Throwable cause = result.cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    String detail = switch (status) {
      case 414 -> "The request line (the URL) is longer than this server accepts.";
      case 431 -> "The request headers are larger than this server accepts.";
      default -> "The request is not valid HTTP.";
    };
    String requestId = UUID.randomUUID().toString();
    JsonObject problem = Problems.problem(status, Problems.titleFor(status), detail).put("requestId", requestId);
    request.response().putHeader(RequestIds.HEADER, requestId).putHeader("Connection", "close")
        .endHandler(v -> request.connection().close());
    Problems.write(request.response(), problem);
  }
}
