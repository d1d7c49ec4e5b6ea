package dev.creatorhub.content.api;

import dev.creatorhub.shared.bus.LocalFirst;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** How other domains ask the content domain: whether a user may see a media file through a post. */
public final class ContentClient {

  /** Request {@code {mediaId, userId?, role?}}; replies {@code {allowed}}: the media is on a post the user may see. */
  public static final String MEDIA_ACCESS = "content.media.access";
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(3000);

  private final Vertx vertx;

  public ContentClient(Vertx vertx) {
    this.vertx = vertx;
  }

  /** {@code userId} and {@code role} may be null (someone not signed in). */
  public Future<Boolean> mayViewMedia(String mediaId, String userId, String role) {
    return LocalFirst.ask(vertx, MEDIA_ACCESS, new JsonObject().put("mediaId", mediaId).put("userId", userId).put("role", role), OPTIONS)
        .map(r -> r.getBoolean("allowed", false));
  }
}
