package dev.creatorhub.content.api;

import dev.creatorhub.shared.bus.LocalFirst;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** How other domains ask the content domain: whether a user may see a media file, what a post sells. */
public final class ContentClient {

  /** Request {@code {mediaId, userId?, role?}}; replies {@code {allowed}}: the media is on a post the user may see. */
  public static final String MEDIA_ACCESS = "content.media.access";
  /** Request {@code {postId}}; replies {@code {creatorId, visibility, price?}} of a published post, or 404. */
  public static final String POST_OFFER = "content.post.offer";
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(3000);

  private final Vertx vertx;

  public ContentClient(Vertx vertx) {
    this.vertx = vertx;
  }

  /** A published post's creator and what it sells: {@code price} ({@code {amount, currency}}) when {@code visibility} is PPV. */
  public record PostOffer(String creatorId, String visibility, JsonObject price) {
  }

  /** The offer of a published post; a missing or scheduled one is a 404 {@code ApiException}. */
  public Future<PostOffer> postOffer(String postId) {
    return LocalFirst.ask(vertx, POST_OFFER, new JsonObject().put("postId", postId), OPTIONS)
        .map(r -> new PostOffer(r.getString("creatorId"), r.getString("visibility"), r.getJsonObject("price")));
  }

  /** {@code userId} and {@code role} may be null (someone not signed in). */
  public Future<Boolean> mayViewMedia(String mediaId, String userId, String role) {
    return LocalFirst.ask(vertx, MEDIA_ACCESS, new JsonObject().put("mediaId", mediaId).put("userId", userId).put("role", role), OPTIONS)
        .map(r -> r.getBoolean("allowed", false));
  }
}
