package dev.creatorhub.uploads.api;

import io.vertx.core.json.JsonObject;

/**
 * What other domains learn about a stored media file. {@code width}, {@code height} (pixels) and
 * {@code durationSeconds} are known for images and videos only, else null.
 */
public record MediaInfo(String id, String ownerId, String mimeType, long size, boolean hasThumbnail,
                        Integer width, Integer height, Number durationSeconds) {

  public static MediaInfo fromJson(JsonObject view) {
    return new MediaInfo(view.getString("id"), view.getString("ownerId"), view.getString("mimeType"), view.getLong("size", 0L),
        view.getBoolean("hasThumbnail", false), view.getInteger("width"), view.getInteger("height"),
        (Number) view.getValue("durationSeconds"));
  }

  public boolean isImage() {
    return mimeType != null && mimeType.startsWith("image/");
  }
}
