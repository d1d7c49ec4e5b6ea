package dev.creatorhub.shared.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON responses and routes failed futures to the failure handler. */
public final class Responses {

  private Responses() {
  }

  /** {@code body} may be a JSON value or a {@link Buffer} holding encoded JSON (sent as is). */
  public static void json(RoutingContext ctx, int status, Object body) {
    if (body instanceof Buffer encoded) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(encoded);
      return;
    }
    String encoded = body instanceof JsonObject o ? o.encode()
        : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(encoded);
  }

  /** Sends the future's value as JSON with {@code status}, or fails the context with its error. */
  public static <T> void reply(RoutingContext ctx, int status, Future<T> result) {
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, status, ar.result());
      } else {
        ctx.fail(ar.cause());
      }
    });
  }
}
