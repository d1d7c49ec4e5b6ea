package dev.creatorhub.uploads.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.api.ContentClient;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.uploads.store.MediaStore;
import dev.creatorhub.uploads.store.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * Who may see a media item (its owner and admins; anyone the content domain lets see a post
 * carrying it; anyone for avatars and banners), and the short-lived URLs they get.
 */
public final class MediaAccess {

  private final Vertx vertx;
  private final MediaStore media;
  private final ObjectStore objects;
  private final AuthClient auth;
  private final ContentClient content;
  private final Duration urlTtl;

  MediaAccess(Vertx vertx, MediaStore media, ObjectStore objects, AuthClient auth, ContentClient content, Duration urlTtl) {
    this.vertx = vertx;
    this.media = media;
    this.objects = objects;
    this.auth = auth;
    this.content = content;
    this.urlTtl = urlTtl;
  }

  public Future<JsonObject> describe(String id) {
    return find(id).map(MediaAccess::view);
  }

  /** The owner's own media only (another user's answers as missing). */
  public Future<JsonObject> mine(String userId, String id) {
    return find(id).compose(found -> userId.equals(found.getString("ownerId"))
        ? Future.succeededFuture(view(found)) : Future.failedFuture(new ApiException(404, "No such media.")));
  }

  /** A URL of the content or of its thumbnail, for a viewer allowed to see it. */
  public Future<JsonObject> url(String userId, String role, String id, String variant) {
    return find(id).compose(found -> mayRead(found, userId, role).compose(allowed -> {
      if (!allowed) {
        return Future.failedFuture(new ApiException(403, "You cannot see this media."));
      }
      boolean thumbnail = "thumbnail".equals(variant);
      String key = thumbnail ? found.getString("thumbnailKey") : found.getString("key");
      if (key == null) {
        return Future.failedFuture(new ApiException(404, "This media has no thumbnail."));
      }
      String type = thumbnail ? "image/jpeg" : found.getString("mimeType");
      return vertx.executeBlocking(() -> new JsonObject().put("url", objects.presign(key, urlTtl, type)), false);
    }));
  }

  /** The blurred preview's URL (the content domain decides who may ask). */
  public Future<JsonObject> previewUrl(String id) {
    return find(id).compose(found -> {
      String key = found.getString("blurredKey");
      if (key == null) {
        return Future.failedFuture(new ApiException(404, "This media has no preview."));
      }
      return vertx.executeBlocking(() -> new JsonObject().put("url", objects.presign(key, urlTtl, "image/jpeg")), false);
    });
  }

  private Future<Boolean> mayRead(JsonObject found, String userId, String role) {
    if (userId != null && (userId.equals(found.getString("ownerId")) || "ADMIN".equals(role))) {
      return Future.succeededFuture(true);
    }
    String id = found.getString("_id");
    return content.mayViewMedia(id, userId, role).compose(allowed -> allowed ? Future.succeededFuture(true) : auth.isProfileMedia(id));
  }

  private Future<JsonObject> find(String id) {
    if (id == null) {
      return Future.failedFuture(new ApiException(404, "No such media."));
    }
    return media.byId(id).compose(found -> found == null ? Future.failedFuture(new ApiException(404, "No such media."))
        : Future.succeededFuture(found));
  }

  static JsonObject view(JsonObject media) {
    JsonObject view = new JsonObject().put("id", media.getString("_id")).put("ownerId", media.getString("ownerId"))
        .put("mimeType", media.getString("mimeType")).put("size", media.getLong("size"))
        .put("createdAt", media.getString("createdAt"));
    for (String field : List.of("width", "height", "durationSeconds")) {
      if (media.getValue(field) != null) {
        view.put(field, media.getValue(field));
      }
    }
    view.put("hasThumbnail", media.getString("thumbnailKey") != null);
    return view;
  }
}
