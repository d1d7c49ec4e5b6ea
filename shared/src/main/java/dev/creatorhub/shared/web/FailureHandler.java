package dev.creatorhub.shared.web;

import dev.creatorhub.shared.bus.BusErrors;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.error.Problems;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router-wide error path: every failure, thrown or {@code ctx.fail(status)}, becomes an
 * {@code application/problem+json} response. A 5xx never carries internals; it carries the request
 * id so an operator can find the logged cause.
 */
public final class FailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    ApiException error = classify(ctx.failure(), ctx.statusCode());
    String requestId = RequestIds.get(ctx);
    if (error.status() >= 500) {
      LOG.atError().setCause(ctx.failure()).addKeyValue("requestId", requestId)
          .log("{} {} failed with {}", ctx.request().method(), ctx.request().path(), error.status());
    } else {
      // Client errors are logged without a stack trace (they are not ours), still with their request id.
      LOG.atInfo().addKeyValue("requestId", requestId).addKeyValue("status", error.status())
          .log("{} {}", ctx.request().method(), ctx.request().path());
    }
    JsonObject problem = Problems.of(error);
    problem.put("instance", ctx.request().path());
    if (error.status() == 429 && problem.containsKey("retryAfter") && ctx.response().headers().get("Retry-After") == null) {
      ctx.response().putHeader("Retry-After", String.valueOf(problem.getValue("retryAfter")));
    }
    if (error.status() == 503 && ctx.response().headers().get("Retry-After") == null) {
      // Unavailable is temporary here (a domain timing out, a store or S3 stalling): say when to come back.
      ctx.response().putHeader("Retry-After", "2");
    }
    if (requestId != null) {
      problem.put("requestId", requestId);
    }
    HttpServerRequest request = ctx.request();
    if (!request.isEnded() && request.version() != HttpVersion.HTTP_2) {
      // The client is still sending a body we will not read (say, over the limit): answer, then hang up
      // rather than read it all or leave the client writing into a paused connection.
      ctx.response().putHeader("Connection", "close");
      ctx.response().endHandler(v -> request.connection().close());
    } else if (!request.isEnded()) {
      request.resume();
    }
    Problems.write(ctx.response(), problem);
  }

  static ApiException classify(Throwable failure, int statusCode) {
    ApiException mapped = BusErrors.toApiException(failure);
    if (mapped != null) {
      return mapped;
    }
    if (failure instanceof DecodeException) {
      return new ApiException(400, "The request body is not valid JSON.");
    }
    if (failure instanceof HttpException http) {
      return new ApiException(http.getStatusCode(), defaultDetail(http.getStatusCode()));
    }
    if (statusCode >= 400 && statusCode <= 599 && failure == null) {
      return new ApiException(statusCode, defaultDetail(statusCode));
    }
    if (statusCode >= 400 && statusCode < 500) {
      return new ApiException(statusCode, defaultDetail(statusCode));
    }
    return new ApiException(500, null);
  }

  private static String defaultDetail(int status) {
    return switch (status) {
      case 400 -> "The request is malformed.";
      case 401 -> "A valid access token is required.";
      case 403 -> "You are not allowed to do this.";
      case 404 -> "No such resource.";
      case 405 -> "That method is not allowed on this resource.";
      case 413 -> "The request body is larger than this endpoint accepts.";
      case 415 -> "This endpoint does not accept that content type.";
      default -> null;
    };
  }
}
