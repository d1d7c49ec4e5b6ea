package dev.creatorhub.shared.web;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading request bodies the same way everywhere. */
public final class Requests {

  private Requests() {
  }

  /** The body as a JSON object; 400 when it is malformed JSON or another JSON value (array, string...). */
  public static JsonObject jsonObject(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
      throw new ApiException(400, "The request needs a JSON body.");
    }
    Object value = io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new ApiException(400, "The body must be a JSON object.");
  }
}
