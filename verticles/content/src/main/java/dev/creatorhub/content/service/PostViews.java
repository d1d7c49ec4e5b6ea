package dev.creatorhub.content.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The one place that decides what of a post a viewer gets. A locked post shows that it exists,
 * its type, how many media it carries, its PPV price, the text preview its creator chose and (if
 * the creator allows it) a link to a blurred preview: never its text, media ids or media URLs.
 */
final class PostViews {

  private PostViews() {
  }

  /** {@code now}: epoch ms, from the caller's clock (whether the post is still scheduled). */
  static JsonObject view(JsonObject post, boolean unlocked, boolean owner, Boolean liked, long now) {
    String id = post.getString("_id");
    JsonArray media = post.getJsonArray("media", new JsonArray());
    JsonObject view = new JsonObject()
        .put("id", id)
        .put("creator", new JsonObject().put("id", post.getString("creatorId")).put("username", post.getString("creatorUsername")))
        .put("type", post.getString("type"))
        .put("visibility", post.getString("visibility"))
        .put("locked", !unlocked)
        .put("mediaCount", media.size())
        .put("likes", post.getLong("likes", 0L))
        .put("views", post.getLong("views", 0L))
        .put("publishAt", post.getString("publishAt"))
        .put("createdAt", post.getString("createdAt"))
        .put("updatedAt", post.getString("updatedAt"));
    if (post.getJsonObject("price") != null) {
      view.put("price", post.getJsonObject("price").copy());
    }
    if (liked != null) {
      view.put("liked", liked);
    }
    if (unlocked) {
      view.put("text", post.getString("text"));
      JsonArray items = new JsonArray();
      for (Object m : media) {
        items.add(mediaView((JsonObject) m));
      }
      view.put("media", items);
    } else {
      int previewLength = post.getInteger("previewLength", 0);
      String text = post.getString("text", "");
      if (previewLength > 0 && !text.isEmpty()) {
        view.put("textPreview", text.substring(0, text.offsetByCodePoints(0, Math.min(previewLength, text.codePointCount(0, text.length())))));
      }
      if (post.getBoolean("blurredPreview", false) && hasPreview(post)) {
        view.put("previewUrl", "/api/v1/posts/" + id + "/preview");
      }
    }
    if (owner) {
      view.put("previewLength", post.getInteger("previewLength", 0))
          .put("blurredPreview", post.getBoolean("blurredPreview", false))
          .put("scheduled", post.getLong("publishAtMs") > now);
    }
    return view;
  }

  /** The first media that has a preview image, or null. */
  static String previewMediaId(JsonObject post) {
    for (Object m : post.getJsonArray("media", new JsonArray())) {
      JsonObject media = (JsonObject) m;
      if (media.getBoolean("hasThumbnail", false)) {
        return media.getString("id");
      }
    }
    return null;
  }

  private static boolean hasPreview(JsonObject post) {
    return previewMediaId(post) != null;
  }

  private static JsonObject mediaView(JsonObject media) {
    String id = media.getString("id");
    JsonObject view = new JsonObject().put("id", id).put("mimeType", media.getString("mimeType"))
        .put("url", "/api/v1/media/" + id + "/content");
    for (String field : new String[] {"width", "height", "durationSeconds", "size"}) {
      if (media.getValue(field) != null) {
        view.put(field, media.getValue(field));
      }
    }
    if (media.getBoolean("hasThumbnail", false)) {
      view.put("thumbnailUrl", "/api/v1/media/" + id + "/thumbnail");
    }
    return view;
  }
}
