package dev.creatorhub.content.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.store.PostStore;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.uploads.api.UploadsClient;
import dev.creatorhub.shared.paging.Cursor;
import dev.creatorhub.shared.paging.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.ArrayList;
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
      PageRequest page = paging(request);
      if (!viewer.owns(creator.id()) && !viewer.admin()) {
        return timelinePage(List.of(creator.id()), page, viewer, null);
      }
      return store.pageOfCreator(creator.id(), afterMs(page), page.afterId(), page.fetch())
          .compose(found -> pageOf(found, page, viewer, null));
    });
  }

  public Future<JsonObject> feed(Viewer viewer, JsonObject request) {
    PageRequest paging = paging(request);
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

  private Future<JsonObject> timelinePage(List<String> creatorIds, PageRequest page, Viewer viewer, Set<String> subscribed) {
    return timelines.page(creatorIds, afterMs(page), page.afterId(), page.fetch())
        .compose(found -> pageOf(found, page, viewer, subscribed));
  }

  /** Newest first, by {@code (publishAtMs, _id)}: a cursor names the last post seen, so new posts never shift a page. */
  private Future<JsonObject> pageOf(List<JsonObject> found, PageRequest page, Viewer viewer, Set<String> subscribed) {
    PageRequest.Slice<JsonObject> slice = page.slice(found, post -> new Cursor(String.valueOf(post.getLong("publishAtMs")), post.getString("_id")));
    return access.views(slice.items(), viewer, subscribed).map(slice::toJson);
  }

  private PageRequest paging(JsonObject request) {
    return PageRequest.of(request, settings.defaultPageSize(), settings.maxPageSize());
  }

  private static Long afterMs(PageRequest page) {
    return page.after() == null ? null : page.after().keyAsLong();
  }
}
