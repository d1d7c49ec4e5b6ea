package dev.creatorhub.shared.paging;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: how many items ({@code limit}, 1 to the list's maximum) after which position
 * ({@code cursor}, null for the first page). Every list reads its request here and answers
 * {@code {items, nextCursor}} through {@link #slice}; a store fetches {@link #fetch()} items (one
 * more than the page) so that whether there is a next page costs no second query.
 */
public record PageRequest(int limit, Cursor after) {

  /** From a bus request {@code {limit?, cursor?}} (as {@link Paging#query} put it); a 400 for a bad limit or cursor. */
  public static PageRequest of(JsonObject request, int defaultLimit, int maxLimit) {
    Object limit = request == null ? null : request.getValue("limit");
    if (limit != null && !(limit instanceof Integer)) {
      throw new ApiException(400, "limit must be a number.");
    }
    int size = limit == null ? defaultLimit : (Integer) limit;
    if (size < 1 || size > maxLimit) {
      throw new ApiException(400, "limit must be between 1 and " + maxLimit + ".");
    }
    String cursor = request == null ? null : request.getString("cursor");
    return new PageRequest(size, cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor));
  }

  /** The sort key of the last item seen; null on the first page. */
  public String afterKey() {
    return after == null ? null : after.key();
  }

  /** The id of the last item seen; null on the first page. */
  public String afterId() {
    return after == null ? null : after.id();
  }

  /** How many items to fetch: the page and one more. */
  public int fetch() {
    return limit + 1;
  }

  /** The page of {@code fetched} (at most {@link #fetch()} items, in list order) and where the next one starts. */
  public <T> Slice<T> slice(List<T> fetched, Function<T, Cursor> position) {
    boolean more = fetched.size() > limit;
    List<T> items = more ? fetched.subList(0, limit) : fetched;
    return new Slice<>(items, more ? position.apply(items.get(items.size() - 1)) : null);
  }

  /** A page's items and the cursor of the next page (null on the last). */
  public record Slice<T>(List<T> items, Cursor next) {

    /** {@code {items, nextCursor}} with the items as {@code view} shows them. */
    public JsonObject toJson(Function<T, Object> view) {
      return toJson(new JsonArray(items.stream().map(view).toList()));
    }

    /** {@code {items, nextCursor}} with views made elsewhere (asynchronously), in the page's order. */
    public JsonObject toJson(JsonArray views) {
      return new JsonObject().put("items", views).put("nextCursor", next == null ? null : next.encode());
    }
  }
}
