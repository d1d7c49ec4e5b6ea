package dev.creatorhub.content.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.store.PostStore;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.uploads.api.UploadsClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** One post, a creator's posts, the fan's feed and search; and what other domains ask about posts. */
public final class PostReading {

  private final PostStore store;
  private final PostAccess access;
  private final Likes likes;
  private final Timelines timelines;
  private final AuthClient auth;
  private final UploadsClient uploads;
  private final ContentSettings settings;
  private final Clock clock;

  PostReading(PostStore store, PostAccess access, Likes likes, Timelines timelines, AuthClient auth, UploadsClient uploads,
              ContentSettings settings, Clock clock) {
    this.store = store;
    this.access = access;
    this.likes = likes;
    this.timelines = timelines;
    this.auth = auth;
    this.uploads = uploads;
    this.settings = settings;
    this.clock = clock;
  }

  public Future<JsonObject> get(Viewer viewer, String postId) {
    return access.visiblePost(postId, viewer).compose(post -> access.views(List.of(post), viewer, null))
        .map(views -> {
          JsonObject view = views.getJsonObject(0);
          if (!view.getBoolean("locked") && viewer.signedIn() && !viewer.owns(view.getJsonObject("creator").getString("id"))) {
            likes.countView(postId, viewer.userId());
          }
          return view;
        });
  }

  public Future<JsonObject> preview(Viewer viewer, String postId) {
    return access.visiblePost(postId, viewer).compose(post -> {
      String mediaId = PostViews.previewMediaId(post);
      if (!post.getBoolean("blurredPreview", false) || mediaId == null) {
        return Future.failedFuture(new ApiException(404, "This post has no preview."));
      }
      return uploads.previewUrl(mediaId).map(url -> new JsonObject().put("url", url));
    });
  }

  /** Published posts from the in-memory timeline; the creator herself (and admins) also see scheduled ones. */
  public Future<JsonObject> creatorPosts(Viewer viewer, String username, JsonObject request) {
    return auth.creator(username).compose(creator -> {
      Paging paging = paging(request);
      if (!viewer.owns(creator.id()) && !viewer.admin()) {
        return timelinePage(List.of(creator.id()), paging, viewer, null);
      }
      return store.pageOfCreator(creator.id(), paging.afterMs(), paging.afterId(), paging.limit() + 1)
          .compose(found -> pageOf(found, paging.limit(), viewer, null));
    });
  }

  public Future<JsonObject> feed(Viewer viewer, JsonObject request) {
    Paging paging = paging(request);
    // The feed already knows whom the fan subscribes to: its views need not ask again.
    return access.subscribedCreators(viewer.userId())
        .compose(creators -> timelinePage(new ArrayList<>(creators), paging, viewer, creators));
  }

  public Future<JsonObject> search(Viewer viewer, String text) {
    String q = text == null ? "" : text.trim();
    if (q.length() < 2 || q.length() > 100) {
      return Future.failedFuture(PostRules.fieldError("q", "Search for 2 to 100 characters."));
    }
    Future<JsonArray> creators = auth.searchCreators(q, settings.searchLimit());
    Future<JsonArray> posts = store.searchPublic(q, clock.millis(), settings.searchLimit())
        .compose(found -> access.views(found, viewer, null));
    return Future.all(creators, posts).map(all -> new JsonObject().put("creators", creators.result()).put("posts", posts.result()));
  }

  /** For a purchase: who sells the post, how it is sold and at what price (unpublished posts are not sold). */
  public Future<JsonObject> offer(String postId) {
    return access.post(postId).compose(post -> post.getLong("publishAtMs") > clock.millis()
        ? Future.failedFuture(new ApiException(404, "No such post."))
        : Future.succeededFuture(new JsonObject().put("creatorId", post.getString("creatorId"))
            .put("visibility", post.getString("visibility")).put("price", post.getJsonObject("price"))));
  }

  /** Whether some live post carrying the media is unlocked for the viewer (anonymous: public posts only). */
  public Future<JsonObject> mediaAccess(Viewer viewer, String mediaId) {
    return store.publishedWithMedia(mediaId, clock.millis(), 50)
        .compose(posts -> access.views(posts, viewer, null))
        .map(views -> new JsonObject().put("allowed", views.stream().anyMatch(v -> !((JsonObject) v).getBoolean("locked"))));
  }

  private Future<JsonObject> timelinePage(List<String> creatorIds, Paging paging, Viewer viewer, Set<String> subscribed) {
    return timelines.page(creatorIds, paging.afterMs(), paging.afterId(), paging.limit() + 1)
        .compose(found -> pageOf(found, paging.limit(), viewer, subscribed));
  }

  /** Newest first, by {@code (publishAtMs, _id)}: a cursor names the last post seen, so new posts never shift a page. */
  private Future<JsonObject> pageOf(List<JsonObject> found, int limit, Viewer viewer, Set<String> subscribed) {
    boolean more = found.size() > limit;
    List<JsonObject> posts = more ? found.subList(0, limit) : found;
    JsonObject last = posts.isEmpty() ? null : posts.get(posts.size() - 1);
    return access.views(posts, viewer, subscribed).map(items -> new JsonObject().put("items", items)
        .put("nextCursor", more ? encodeCursor(last.getLong("publishAtMs"), last.getString("_id")) : null));
  }

  /** A page request: its size and the position of the last post seen (both null for the first page). */
  private record Paging(int limit, Long afterMs, String afterId) {
  }

  /** Throws a 400 for a bad limit or a cursor that is not ours. */
  private Paging paging(JsonObject request) {
    int limit = request.getInteger("limit", settings.defaultPageSize());
    if (limit < 1 || limit > settings.maxPageSize()) {
      throw new ApiException(400, "limit must be between 1 and " + settings.maxPageSize() + ".");
    }
    String cursor = request.getString("cursor");
    if (cursor == null || cursor.isEmpty()) {
      return new Paging(limit, null, null);
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return new Paging(limit, Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new ApiException(400, "The cursor is not valid.");
    }
  }

  private static String encodeCursor(long publishAtMs, String id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((publishAtMs + ":" + id).getBytes(StandardCharsets.UTF_8));
  }
}
