package dev.creatorhub.shared.mongo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Keyset paging (no offsets): documents after a position {@code (key, _id)} of a list ordered by
 * {@code (field, _id)}, so a page is as cheap at the end as at the start and new documents never
 * shift one. The position comes from a {@code shared.paging.Cursor}.
 */
public final class Keyset {

  private Keyset() {
  }

  /** {@code query} narrowed to the documents after {@code (key, id)}; {@code query} itself when there is no position. */
  public static JsonObject after(JsonObject query, String field, Object key, String id, boolean descending) {
    if (id == null) {
      return query;
    }
    String beyond = descending ? "$lt" : "$gt";
    JsonObject position = new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put(field, new JsonObject().put(beyond, key)))
        .add(new JsonObject().put(field, key).put("_id", new JsonObject().put(beyond, id))));
    return new JsonObject().put("$and", new JsonArray().add(query).add(position));
  }

  /** The sort of such a list. */
  public static JsonObject order(String field, boolean descending) {
    int direction = descending ? -1 : 1;
    return new JsonObject().put(field, direction).put("_id", direction);
  }
}
