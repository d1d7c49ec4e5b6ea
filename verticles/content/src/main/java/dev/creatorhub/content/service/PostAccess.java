package dev.creatorhub.content.service;

import dev.creatorhub.content.store.PostCounters;
import dev.creatorhub.content.store.PostStore;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.payments.api.EntitlementsClient.Kind;
import dev.creatorhub.shared.cache.ClusterCache;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may see which post, and what a viewer sees of a list of posts: locked or not (from the
 * payments domain's entitlements, at most two questions per list), liked or not, current counters.
 */
final class PostAccess {

  /** Published cluster-wide with a user id when that user's likes change. */
  private static final String LIKES_CHANGED = "content.likes.changed";
  private static final int MAX_CACHED_LIKES = 5000;

  private final PostStore store;
  private final PostCounters counters;
  private final EntitlementsClient entitlements;
  private final Clock clock;
  private final ClusterCache<Set<String>> likedByUser;

  PostAccess(Vertx vertx, PostStore store, PostCounters counters, EntitlementsClient entitlements, Clock clock) {
    this.likedByUser = ClusterCache.of(vertx, LIKES_CHANGED, 50_000, Duration.ofMinutes(10));
    this.store = store;
    this.counters = counters;
    this.entitlements = entitlements;
    this.clock = clock;
  }

  /** Drops a user's cached likes on this instance when another instance changed them. */
  Future<Void> listen() {
    return likedByUser.listen();
  }

  Future<JsonObject> post(String postId) {
    if (postId == null) {
      return Future.failedFuture(new ApiException(404, "No such post."));
    }
    return store.live(postId)
        .compose(post -> post == null ? Future.failedFuture(new ApiException(404, "No such post.")) : Future.succeededFuture(post));
  }

  /** The post if the viewer may know it exists: published, or their own (admins see all). */
  Future<JsonObject> visiblePost(String postId, Viewer viewer) {
    return post(postId).compose(post -> post.getLong("publishAtMs") <= clock.millis()
        || viewer.owns(post.getString("creatorId")) || viewer.admin()
        ? Future.succeededFuture(post) : Future.failedFuture(new ApiException(404, "No such post.")));
  }

  /** Another creator's post answers 403 to an edit: it is visible, just not theirs. Hidden ones stay 404. */
  Future<JsonObject> ownPost(String userId, String postId) {
    return visiblePost(postId, new Viewer(userId, null)).compose(post -> post.getString("creatorId").equals(userId)
        ? Future.succeededFuture(post) : Future.failedFuture(new ApiException(403, "This post belongs to another creator.")));
  }

  Future<Set<String>> subscribedCreators(String userId) {
    return entitlements.targets(userId, Kind.SUBSCRIPTION);
  }

  /** {@code subscribedKnown}: the creators the viewer subscribes to when the caller already knows them, else null. */
  Future<JsonArray> views(List<JsonObject> posts, Viewer viewer, Set<String> subscribedKnown) {
    Set<String> ppv = new LinkedHashSet<>();
    boolean needsSubscriptions = false;
    for (JsonObject post : posts) {
      if (!viewer.signedIn() || viewer.admin() || viewer.owns(post.getString("creatorId"))) {
        continue;
      }
      switch (post.getString("visibility")) {
        case "PPV" -> ppv.add(post.getString("_id"));
        case "SUBSCRIBERS" -> needsSubscriptions = true;
        default -> {
        }
      }
    }
    Future<Set<String>> subscribed = !needsSubscriptions ? Future.succeededFuture(Set.of())
        : subscribedKnown != null ? Future.succeededFuture(subscribedKnown) : subscribedCreators(viewer.userId());
    Future<Set<String>> bought = ppv.isEmpty() ? Future.succeededFuture(Set.of())
        : entitlements.heldAmong(viewer.userId(), Kind.PPV, ppv);
    Future<Set<String>> liked = !viewer.signedIn() || posts.isEmpty() ? Future.succeededFuture(Set.of())
        : likedBy(viewer.userId(), posts);
    return Future.all(subscribed, bought, liked).map(all -> {
      long now = clock.millis();
      JsonArray views = new JsonArray();
      for (JsonObject post : posts) {
        boolean owner = viewer.owns(post.getString("creatorId"));
        boolean unlocked = owner || viewer.admin() || switch (post.getString("visibility")) {
          case "PUBLIC" -> true;
          case "SUBSCRIBERS" -> subscribed.result().contains(post.getString("creatorId"));
          case "PPV" -> bought.result().contains(post.getString("_id"));
          default -> false;
        };
        views.add(PostViews.view(post, unlocked, owner, viewer.signedIn() ? liked.result().contains(post.getString("_id")) : null, now));
      }
      return views;
    }).compose(this::withCounters);
  }

  /** Before a like is answered: the liker's next page on any instance must show it. */
  void likesChanged(String userId) {
    likedByUser.invalidateEverywhere(userId);
  }

  /**
   * Which of these posts the user liked. A user's likes are kept in memory (read once, dropped on every
   * instance when they like or unlike), so lists need no query per page; a user with very many likes
   * is asked per page instead.
   */
  private Future<Set<String>> likedBy(String userId, List<JsonObject> posts) {
    // Null (not kept) for a user with too many likes to keep.
    return likedByUser.get(userId, id -> store.likedBy(id, MAX_CACHED_LIKES + 1)
            .map(liked -> liked.size() > MAX_CACHED_LIKES ? null : Set.copyOf(liked)))
        .compose(liked -> liked != null ? Future.succeededFuture(liked)
            : store.likedAmong(userId, posts.stream().map(p -> p.getString("_id")).toList()));
  }

  /** Patches each view's likes and views with the current counters (one Redis round trip per page). */
  private Future<JsonArray> withCounters(JsonArray views) {
    if (views.isEmpty()) {
      return Future.succeededFuture(views);
    }
    List<String> ids = views.stream().map(v -> ((JsonObject) v).getString("id")).toList();
    return counters.read(ids).map(values -> {
      if (values == null) {
        return views;
      }
      for (int i = 0; i < views.size(); i++) {
        JsonObject view = views.getJsonObject(i);
        Long likes = values.get(i)[0];
        Long seen = values.get(i)[1];
        if (likes != null && view.containsKey("likes")) {
          view.put("likes", likes);
        }
        if (seen != null && view.containsKey("views")) {
          view.put("views", seen);
        }
      }
      return views;
    });
  }
}
