package dev.creatorhub.uploads.api;

import dev.creatorhub.shared.bus.LocalFirst;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** How other domains ask the uploads domain about media: a missing one is a 404 {@code ApiException}. */
public final class UploadsClient {

  /** Request {@code {id}}; replies the media's view or fails 404. */
  public static final String DESCRIBE = "uploads.media.describe";
  /** Request {@code {id}}; replies {@code {url}} of the blurred preview (made to be shown when locked), or 404. */
  public static final String PREVIEW_URL = "uploads.media.previewUrl";
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(3000);

  private final Vertx vertx;

  public UploadsClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<MediaInfo> describe(String mediaId) {
    return LocalFirst.ask(vertx, DESCRIBE, new JsonObject().put("id", mediaId), OPTIONS).map(MediaInfo::fromJson);
  }

  /** A short-lived URL of the media's blurred preview. */
  public Future<String> previewUrl(String mediaId) {
    return LocalFirst.ask(vertx, PREVIEW_URL, new JsonObject().put("id", mediaId), OPTIONS).map(r -> r.getString("url"));
  }
}
