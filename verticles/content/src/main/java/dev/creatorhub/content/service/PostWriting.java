package dev.creatorhub.content.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.auth.api.UserInfo;
import dev.creatorhub.content.api.ContentTopics;
import dev.creatorhub.content.store.PostStore;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.text.DisplayText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A creator writes, edits, schedules and deletes her posts (admins delete any). */
public final class PostWriting {

  private final PostStore store;
  private final PostRules rules;
  private final PostAccess access;
  private final Timelines timelines;
  private final AuthClient auth;
  private final Clock clock;

  PostWriting(PostStore store, PostRules rules, PostAccess access, Timelines timelines, AuthClient auth, Clock clock) {
    this.store = store;
    this.rules = rules;
    this.access = access;
    this.timelines = timelines;
    this.auth = auth;
    this.clock = clock;
  }

  public Future<JsonObject> create(String creatorId, JsonObject request) {
    JsonObject body = rules.create.check(request);
    String text = DisplayText.text(body.getString("text", ""));
    JsonArray mediaIds = body.getJsonArray("mediaIds", new JsonArray());
    if (text.isBlank() && mediaIds.isEmpty()) {
      return Future.failedFuture(PostRules.fieldError("text", "A post needs text or media."));
    }
    long now = clock.millis();
    long publishAt = rules.publishAt(body.getString("publishAt"), now);
    JsonObject price = rules.price(body.getString("visibility"), body.getJsonObject("price"));
    return Future.all(auth.user(creatorId), rules.media(creatorId, mediaIds)).compose(all -> {
      UserInfo creator = all.resultAt(0);
      JsonArray media = all.resultAt(1);
      String id = UUID.randomUUID().toString();
      String at = Instant.ofEpochMilli(now).toString();
      JsonObject post = new JsonObject().put("_id", id).put("creatorId", creatorId)
          .put("creatorUsername", creator.username())
          .put("text", text).put("visibility", body.getString("visibility")).put("price", price)
          .put("previewLength", body.getInteger("previewLength", 0)).put("blurredPreview", body.getBoolean("blurredPreview", false))
          .put("media", media).put("mediaIds", mediaIds).put("type", PostRules.type(media))
          .put("likes", 0L).put("views", 0L)
          .put("publishAt", Instant.ofEpochMilli(publishAt).toString()).put("publishAtMs", publishAt)
          .put("createdAt", at).put("updatedAt", at).put("deleted", false);
      Outbox.attach(post, Outbox.event(ContentTopics.POST_PUBLISHED, creatorId, new JsonObject()
          .put("postId", id).put("creatorId", creatorId).put("visibility", post.getString("visibility"))
          .put("publishAt", post.getString("publishAt"))));
      return store.insert(post).map(v -> {
        timelines.changed(creatorId);
        return PostViews.view(post, true, true, false, now);
      });
    });
  }

  public Future<JsonObject> update(String userId, String postId, JsonObject request) {
    JsonObject body = rules.update.check(request);
    return access.ownPost(userId, postId).compose(post -> {
      JsonObject set = changes(post, body);
      Future<Void> mediaSet = Future.succeededFuture();
      if (body.containsKey("mediaIds")) {
        JsonArray ids = body.getJsonArray("mediaIds");
        mediaSet = rules.media(userId, ids).map(media -> {
          set.put("media", media).put("mediaIds", ids).put("type", PostRules.type(media));
          return null;
        });
      }
      return mediaSet.compose(v -> {
        String text = set.getString("text", post.getString("text"));
        JsonArray media = set.getJsonArray("media", post.getJsonArray("media"));
        if ((text == null || text.isBlank()) && media.isEmpty()) {
          return Future.failedFuture(PostRules.fieldError("text", "A post needs text or media."));
        }
        set.put("updatedAt", clock.instant().toString());
        return store.update(postId, set).map(r -> {
          timelines.changed(userId);
          return PostViews.view(post.copy().mergeIn(set), true, true, null, clock.millis());
        });
      });
    });
  }

  /** The fields an edit sets, media aside; throws a 400 for a bad price or schedule. */
  private JsonObject changes(JsonObject post, JsonObject body) {
    JsonObject set = new JsonObject();
    String visibility = body.getString("visibility", post.getString("visibility"));
    if (body.containsKey("visibility") || body.containsKey("price")) {
      JsonObject price = body.containsKey("price") ? body.getJsonObject("price")
          : "PPV".equals(visibility) ? post.getJsonObject("price") : null;
      set.put("visibility", visibility).put("price", rules.price(visibility, price));
    }
    if (body.containsKey("publishAt")) {
      if (post.getLong("publishAtMs") <= clock.millis()) {
        throw PostRules.fieldError("publishAt", "The post is already published.");
      }
      long at = rules.publishAt(body.getString("publishAt"), clock.millis());
      set.put("publishAtMs", at).put("publishAt", Instant.ofEpochMilli(at).toString());
    }
    if (body.containsKey("text")) {
      set.put("text", DisplayText.text(body.getString("text")));
    }
    for (String field : List.of("previewLength", "blurredPreview")) {
      if (body.containsKey(field)) {
        set.put(field, body.getValue(field));
      }
    }
    return set;
  }

  public Future<JsonObject> delete(Viewer viewer, String postId) {
    Future<JsonObject> target = viewer.admin() ? access.post(postId) : access.ownPost(viewer.userId(), postId);
    return target.compose(post -> store.softDelete(postId,
            new JsonObject().put("deleted", true).put("deletedAt", clock.instant().toString()).put("deletedBy", viewer.userId()),
            Outbox.event(ContentTopics.POST_DELETED, post.getString("creatorId"), new JsonObject()
                .put("postId", postId).put("creatorId", post.getString("creatorId"))))
        .map(v -> {
          timelines.changed(post.getString("creatorId"));
          return new JsonObject();
        }));
  }
}
