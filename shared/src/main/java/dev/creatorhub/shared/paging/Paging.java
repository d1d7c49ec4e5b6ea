package dev.creatorhub.shared.paging;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The edge's half of paging: {@code ?cursor=&limit=} into the bus request a {@link PageRequest} reads. */
public final class Paging {

  private Paging() {
  }

  /** {@code {cursor?, limit?}} from the query string; a 400 for a limit that is not a number. */
  public static JsonObject query(RoutingContext ctx) {
    JsonObject paging = new JsonObject();
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      paging.put("cursor", cursor);
    }
    String limit = ctx.queryParams().get("limit");
    if (limit != null) {
      if (!limit.matches("\\d{1,4}")) {
        throw new ApiException(400, "limit must be a number.");
      }
      paging.put("limit", Integer.parseInt(limit));
    }
    return paging;
  }
}
