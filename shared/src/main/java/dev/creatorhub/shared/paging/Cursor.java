package dev.creatorhub.shared.paging;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.json.JsonArray;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The position of the last item a page showed: its sort key and its id (the tie-break), opaque to
 * clients (base64url of a JSON pair), so a list's order can change without breaking their links.
 */
public record Cursor(String key, String id) {

  public String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(new JsonArray().add(key).add(id).encode().getBytes(StandardCharsets.UTF_8));
  }

  /** A 400 for anything this class did not write. */
  public static Cursor decode(String cursor) {
    try {
      JsonArray pair = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      if (pair.size() != 2 || !(pair.getValue(0) instanceof String key) || !(pair.getValue(1) instanceof String id)) {
        throw invalid();
      }
      return new Cursor(key, id);
    } catch (RuntimeException e) {
      throw invalid();
    }
  }

  /** The key of a list sorted by a number (epoch ms); a 400 when it is not one. */
  public long keyAsLong() {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static ApiException invalid() {
    return new ApiException(400, "The cursor is not valid.");
  }
}
