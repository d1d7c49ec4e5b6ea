package dev.creatorhub.content.service;

import dev.creatorhub.content.store.PostCounters;
import dev.creatorhub.content.store.PostStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Likes (one per user and post: the like document is the truth, the counter follows it) and counted views. */
public final class Likes {

  private static final Logger LOG = LoggerFactory.getLogger(Likes.class);

  private final PostStore store;
  private final PostCounters counters;
  private final PostAccess access;
  private final ContentSettings settings;
  private final Clock clock;

  Likes(PostStore store, PostCounters counters, PostAccess access, ContentSettings settings, Clock clock) {
    this.store = store;
    this.counters = counters;
    this.access = access;
    this.settings = settings;
    this.clock = clock;
  }

  public Future<JsonObject> like(Viewer viewer, String postId, boolean like) {
    String userId = viewer.userId();
    return access.visiblePost(postId, viewer).compose(post -> {
      Future<Boolean> changed = like ? store.addLike(postId, userId, clock.instant().toString()) : store.removeLike(postId, userId);
      return changed.compose(did -> {
        if (!did) { // already so: nothing moves, report the count
          return store.likes(postId);
        }
        access.likesChanged(userId);
        return store.increment(postId, "likes", like ? 1 : -1)
            .compose(likes -> likes == null ? Future.succeededFuture(0L)
                : counters.publish(PostCounters.LIKES, postId, likes).map(likes));
      }).map(likes -> new JsonObject().put("liked", like).put("likes", likes));
    });
  }

  /** Counts one view per viewer per period; best effort, never fails the read. */
  void countView(String postId, String userId) {
    counters.firstView(postId, userId, settings.viewPeriodSeconds())
        .compose(first -> !first ? Future.succeededFuture()
            : store.increment(postId, "views", 1)
                .compose(views -> views == null ? Future.succeededFuture() : counters.publish(PostCounters.VIEWS, postId, views)))
        .onFailure(err -> LOG.debug("view not counted for {}", postId, err));
  }
}
