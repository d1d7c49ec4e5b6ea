package dev.creatorhub.content;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.auth.api.UserInfo;
import dev.creatorhub.content.api.ContentClient;
import dev.creatorhub.content.api.ContentTopics;
import dev.creatorhub.payments.api.EntitlementsClient.Kind;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.shared.bus.BusErrors;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.LocalFirst;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.redis.RedisClients;
import dev.creatorhub.shared.text.DisplayText;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.uploads.api.MediaInfo;
import dev.creatorhub.uploads.api.UploadsClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Owns {@code posts} and {@code post_likes}: creating, editing and deleting posts, scheduled
 * publishing, likes, deduplicated view counts, a creator's posts, the fan's feed and search.
 * Who may see what is asked of the payments domain (entitlements) and applied by {@link PostViews}.
 */
public class ContentVerticle extends VerticleBase {

  private AuthClient auth;
  private EntitlementsClient entitlements;
  private UploadsClient uploads;

  private static final Logger LOG = LoggerFactory.getLogger(ContentVerticle.class);
  static final String POSTS = "posts";
  static final String LIKES = "post_likes";
  /** Published cluster-wide with a user id when that user's likes change. */
  private static final String LIKES_CHANGED = "content.likes.changed";
  private static final int MAX_CACHED_LIKES = 5000;
  private static final String COUNTER_LIKES = "content:likes";
  private static final String COUNTER_VIEWS = "content:views";
  private static final long MAX_SCHEDULE_MS = 366L * 24 * 3600 * 1000;

  private JsonObject settings;
  private MongoClient mongo;
  private final BusService.Served served = new BusService.Served();
  private Redis redis;
  private BodySchema createSchema;
  private BodySchema updateSchema;
  private Timelines timelines;
  private final com.github.benmanes.caffeine.cache.Cache<String, Set<String>> likedByUser =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(50_000)
          .expireAfterAccess(java.time.Duration.ofMinutes(10)).build();
  private final java.util.concurrent.atomic.AtomicLong likeChanges = new java.util.concurrent.atomic.AtomicLong();

  @Override
  public Future<?> start() {
    auth = new AuthClient(vertx);
    entitlements = new EntitlementsClient(vertx);
    uploads = new UploadsClient(vertx);
    settings = config().getJsonObject("content");
    mongo = Mongo.client(vertx, config(), "content");
    redis = RedisClients.create(vertx, config());
    createSchema = BodySchema.of(schema(true));
    updateSchema = BodySchema.of(schema(false));
    timelines = new Timelines(vertx, mongo, settings.getLong("timelineRefreshMs"));
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    return Future.all(
            Mongo.index(mongo, POSTS, new JsonObject().put("creatorId", 1).put("publishAtMs", -1).put("_id", -1), new IndexOptions()),
            Mongo.index(mongo, POSTS, new JsonObject().put("mediaIds", 1), new IndexOptions()),
            Mongo.index(mongo, LIKES, new JsonObject().put("userId", 1), new IndexOptions()))
        .compose(v -> Future.all(List.of(
            serve(ContentAddresses.CREATE, this::create),
            serve(ContentAddresses.GET, this::get),
            serve(ContentAddresses.UPDATE, this::update),
            serve(ContentAddresses.DELETE, this::delete),
            serve(ContentAddresses.LIKE, msg -> like(msg, true)),
            serve(ContentAddresses.UNLIKE, msg -> like(msg, false)),
            serve(ContentAddresses.PREVIEW, this::preview),
            serve(ContentAddresses.CREATOR_POSTS, this::creatorPosts),
            serve(ContentAddresses.FEED, this::feed),
            serve(ContentAddresses.SEARCH, this::search),
            serve(ContentClient.POST_OFFER, this::offer),
            serve(ContentClient.MEDIA_ACCESS, this::mediaAccess),
            timelines.listen(),
            vertx.eventBus().<String>consumer(LIKES_CHANGED, msg -> {
              likeChanges.incrementAndGet();
              likedByUser.invalidate(msg.body());
            }).completion(),
            ServicePing.register(vertx, ContentAddresses.SERVICE, nodeId).mapEmpty())));
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    return served.stop().eventually(() -> {
      redis.close();
      return mongo.close();
    });
  }

  private JsonObject schema(boolean create) {
    JsonObject properties = new JsonObject()
        .put("text", new JsonObject().put("type", "string").put("maxLength", settings.getInteger("maxTextLength")))
        .put("mediaIds", new JsonObject().put("type", "array").put("maxItems", settings.getInteger("maxMediaPerPost"))
            .put("uniqueItems", true).put("items", new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", 64)))
        .put("visibility", new JsonObject().put("enum", new JsonArray().add("PUBLIC").add("SUBSCRIBERS").add("PPV")))
        .put("price", new JsonObject("""
            {"type": ["object", "null"], "additionalProperties": false, "required": ["amount"],
             "properties": {"amount": {"type": "integer", "minimum": 0, "maximum": 1000000000},
                            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}}"""))
        .put("publishAt", new JsonObject().put("type", "string").put("format", "date-time"))
        .put("previewLength", new JsonObject().put("type", "integer").put("minimum", 0)
            .put("maximum", settings.getInteger("maxPreviewLength")))
        .put("blurredPreview", new JsonObject().put("type", "boolean"));
    JsonObject schema = new JsonObject().put("type", "object").put("additionalProperties", false).put("properties", properties);
    if (create) {
      schema.put("required", new JsonArray().add("visibility"));
    } else {
      schema.put("minProperties", 1);
    }
    return schema;
  }

  // ---- writing ----------------------------------------------------------------------------------

  private Future<JsonObject> create(Message<JsonObject> msg) {
    String creatorId = BusService.requireRole(msg, "CREATOR");
    JsonObject body = createSchema.check(msg.body());
    String text = DisplayText.text(body.getString("text", ""));
    JsonArray mediaIds = body.getJsonArray("mediaIds", new JsonArray());
    if (text.isBlank() && mediaIds.isEmpty()) {
      return Future.failedFuture(fieldError("text", "A post needs text or media."));
    }
    long now = System.currentTimeMillis();
    long publishAt;
    JsonObject price;
    try {
      publishAt = publishAt(body.getString("publishAt"), now);
      price = price(body.getString("visibility"), body.getJsonObject("price"));
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return Future.all(auth.user(creatorId), media(creatorId, mediaIds)).compose(all -> {
      UserInfo creator = all.resultAt(0);
      JsonArray media = all.resultAt(1);
      String id = UUID.randomUUID().toString();
      String at = Instant.ofEpochMilli(now).toString();
      JsonObject post = new JsonObject().put("_id", id).put("creatorId", creatorId)
          .put("creatorUsername", creator.username())
          .put("text", text).put("visibility", body.getString("visibility")).put("price", price)
          .put("previewLength", body.getInteger("previewLength", 0)).put("blurredPreview", body.getBoolean("blurredPreview", false))
          .put("media", media).put("mediaIds", mediaIds).put("type", type(media))
          .put("likes", 0L).put("views", 0L)
          .put("publishAt", Instant.ofEpochMilli(publishAt).toString()).put("publishAtMs", publishAt)
          .put("createdAt", at).put("updatedAt", at).put("deleted", false);
      Outbox.attach(post, Outbox.event(ContentTopics.POST_PUBLISHED, creatorId, new JsonObject()
          .put("postId", id).put("creatorId", creatorId).put("visibility", post.getString("visibility"))
          .put("publishAt", post.getString("publishAt"))));
      return mongo.insert(POSTS, post).map(v -> {
        Outbox.nudge(vertx, POSTS, id);
        timelines.changed(creatorId);
        return PostViews.view(post, true, true, false);
      });
    });
  }

  private Future<JsonObject> update(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    String postId = msg.body().getString("postId");
    JsonObject body = updateSchema.check(msg.body().getJsonObject("body"));
    return ownPost(userId, postId).compose(post -> {
      JsonObject set = new JsonObject();
      String visibility = body.getString("visibility", post.getString("visibility"));
      try {
        if (body.containsKey("visibility") || body.containsKey("price")) {
          JsonObject price = body.containsKey("price") ? body.getJsonObject("price")
              : "PPV".equals(visibility) ? post.getJsonObject("price") : null;
          set.put("visibility", visibility).put("price", price(visibility, price));
        }
        if (body.containsKey("publishAt")) {
          if (post.getLong("publishAtMs") <= System.currentTimeMillis()) {
            throw fieldError("publishAt", "The post is already published.");
          }
          long at = publishAt(body.getString("publishAt"), System.currentTimeMillis());
          set.put("publishAtMs", at).put("publishAt", Instant.ofEpochMilli(at).toString());
        }
      } catch (ApiException e) {
        return Future.failedFuture(e);
      }
      if (body.containsKey("text")) {
        set.put("text", DisplayText.text(body.getString("text")));
      }
      for (String field : List.of("previewLength", "blurredPreview")) {
        if (body.containsKey(field)) {
          set.put(field, body.getValue(field));
        }
      }
      Future<Void> mediaSet = Future.succeededFuture();
      if (body.containsKey("mediaIds")) {
        JsonArray ids = body.getJsonArray("mediaIds");
        mediaSet = media(userId, ids).map(media -> {
          set.put("media", media).put("mediaIds", ids).put("type", type(media));
          return null;
        });
      }
      return mediaSet.compose(v -> {
        String text = set.getString("text", post.getString("text"));
        JsonArray media = set.getJsonArray("media", post.getJsonArray("media"));
        if ((text == null || text.isBlank()) && media.isEmpty()) {
          return Future.failedFuture(fieldError("text", "A post needs text or media."));
        }
        set.put("updatedAt", Instant.now().toString());
        return mongo.updateCollection(POSTS, new JsonObject().put("_id", postId).put("deleted", false),
                new JsonObject().put("$set", set))
            .map(r -> {
              timelines.changed(userId);
              JsonObject updated = post.copy().mergeIn(set);
              return PostViews.view(updated, true, true, null);
            });
      });
    });
  }

  private Future<JsonObject> delete(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    String postId = msg.body().getString("postId");
    boolean admin = "ADMIN".equals(msg.headers().get(BusHeaders.USER_ROLE));
    Future<JsonObject> target = admin ? post(postId) : ownPost(userId, postId);
    return target.compose(post -> {
      JsonObject update = new JsonObject().put("$set", new JsonObject().put("deleted", true)
          .put("deletedAt", Instant.now().toString()).put("deletedBy", userId));
      Outbox.push(update, Outbox.event(ContentTopics.POST_DELETED, post.getString("creatorId"), new JsonObject()
          .put("postId", postId).put("creatorId", post.getString("creatorId"))));
      return mongo.updateCollection(POSTS, new JsonObject().put("_id", postId).put("deleted", false), update)
          .map(r -> {
            if (r.getDocModified() > 0) {
              Outbox.nudge(vertx, POSTS, postId);
            }
            timelines.changed(post.getString("creatorId"));
            return new JsonObject();
          });
    });
  }

  private Future<JsonObject> like(Message<JsonObject> msg, boolean like) {
    String userId = BusService.requireUser(msg);
    String postId = msg.body().getString("postId");
    return visiblePost(postId, userId, msg.headers().get(BusHeaders.USER_ROLE)).compose(post -> {
      String likeId = postId + "|" + userId;
      Future<Boolean> changed = like
          ? mongo.insert(LIKES, new JsonObject().put("_id", likeId).put("postId", postId).put("userId", userId)
                  .put("createdAt", Instant.now().toString()))
              .map(v -> true).recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err))
          : mongo.removeDocument(LIKES, new JsonObject().put("_id", likeId)).map(r -> r.getRemovedCount() > 0);
      // The like document is the truth (one per user and post); the counter follows it.
      return changed.compose(did -> {
            if (!did) { // already so: nothing moves, report the count
              return mongo.findOne(POSTS, new JsonObject().put("_id", postId), new JsonObject().put("likes", 1));
            }
            likesChanged(userId); // before answering: the liker's next page must show it
            return mongo.findOneAndUpdateWithOptions(POSTS, new JsonObject().put("_id", postId),
                    new JsonObject().put("$inc", new JsonObject().put("likes", like ? 1 : -1)),
                    new FindOptions().setFields(new JsonObject().put("likes", 1)), new UpdateOptions().setReturningNewDocument(true))
                .compose(updated -> publishCounter(COUNTER_LIKES, postId, updated, "likes").map(updated));
          })
          .map(found -> new JsonObject().put("liked", like).put("likes", found == null ? 0 : found.getLong("likes", 0L)));
    });
  }

  // ---- reading ----------------------------------------------------------------------------------

  private Future<JsonObject> get(Message<JsonObject> msg) {
    String userId = msg.headers().get(BusHeaders.USER_ID);
    String role = msg.headers().get(BusHeaders.USER_ROLE);
    String postId = msg.body().getString("postId");
    return visiblePost(postId, userId, role).compose(post -> views(List.of(post), userId, role))
        .map(views -> {
          JsonObject view = views.getJsonObject(0);
          if (!view.getBoolean("locked") && userId != null && !userId.equals(view.getJsonObject("creator").getString("id"))) {
            countView(postId, userId);
          }
          return view;
        });
  }

  private Future<JsonObject> preview(Message<JsonObject> msg) {
    String userId = msg.headers().get(BusHeaders.USER_ID);
    String postId = msg.body().getString("postId");
    return visiblePost(postId, userId, msg.headers().get(BusHeaders.USER_ROLE)).compose(post -> {
      String mediaId = PostViews.previewMediaId(post);
      if (!post.getBoolean("blurredPreview", false) || mediaId == null) {
        return Future.failedFuture(new ApiException(404, "This post has no preview."));
      }
      return uploads.previewUrl(mediaId).map(url -> new JsonObject().put("url", url));
    });
  }

  private Future<JsonObject> creatorPosts(Message<JsonObject> msg) {
    String userId = msg.headers().get(BusHeaders.USER_ID);
    String role = msg.headers().get(BusHeaders.USER_ROLE);
    JsonObject body = msg.body();
    return auth.creator(body.getString("username"))
        .compose(creator -> {
          String creatorId = creator.id();
          if (!creatorId.equals(userId) && !"ADMIN".equals(role)) {
            return timelinePage(List.of(creatorId), body, userId, role, null);
          }
          // The creator (and admins) also see scheduled posts: straight from the collection.
          return page(new JsonObject().put("creatorId", creatorId).put("deleted", false), body, userId, role);
        });
  }

  private Future<JsonObject> feed(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    String role = msg.headers().get(BusHeaders.USER_ROLE);
    // The feed already knows whom the fan subscribes to: its views need not ask again.
    return subscribedCreators(userId).compose(creators -> timelinePage(new ArrayList<>(creators), msg.body(), userId, role, creators));
  }

  private Future<JsonObject> search(Message<JsonObject> msg) {
    String userId = msg.headers().get(BusHeaders.USER_ID);
    String role = msg.headers().get(BusHeaders.USER_ROLE);
    String q = msg.body().getString("q") == null ? "" : msg.body().getString("q").trim();
    if (q.length() < 2 || q.length() > 100) {
      return Future.failedFuture(fieldError("q", "Search for 2 to 100 characters."));
    }
    int limit = settings.getInteger("searchLimit");
    JsonObject query = new JsonObject().put("visibility", "PUBLIC").put("deleted", false)
        .put("publishAtMs", new JsonObject().put("$lte", System.currentTimeMillis()))
        .put("text", new JsonObject().put("$regex", Pattern.quote(q)).put("$options", "i"));
    FindOptions options = new FindOptions().setSort(new JsonObject().put("publishAtMs", -1).put("_id", -1)).setLimit(limit)
        .setFields(new JsonObject().put(Outbox.FIELD, 0));
    Future<JsonArray> creators = auth.searchCreators(q, limit);
    Future<JsonArray> posts = mongo.findWithOptions(POSTS, query, options).compose(found -> views(found, userId, role));
    return Future.all(creators, posts).map(all -> new JsonObject()
        .put("creators", creators.result())
        .put("posts", posts.result()));
  }

  /** Published posts of these creators from their in-memory timelines, newest first. */
  private Future<JsonObject> timelinePage(List<String> creatorIds, JsonObject request, String userId, String role,
                                          Set<String> subscribed) {
    Paging paging = paging(request);
    return timelines.page(creatorIds, paging.afterMs(), paging.afterId(), paging.limit() + 1)
        .compose(found -> pageOf(found, paging.limit(), userId, role, subscribed));
  }

  /** Newest first, by {@code (publishAtMs, _id)}: a cursor names the last post seen, so new posts never shift a page. */
  private Future<JsonObject> page(JsonObject query, JsonObject request, String userId, String role) {
    Paging paging = paging(request);
    int limit = paging.limit();
    if (paging.afterMs() != null) {
      JsonArray and = new JsonArray().add(new JsonObject().put("$or", new JsonArray()
          .add(new JsonObject().put("publishAtMs", new JsonObject().put("$lt", paging.afterMs())))
          .add(new JsonObject().put("publishAtMs", paging.afterMs()).put("_id", new JsonObject().put("$lt", paging.afterId())))));
      query = new JsonObject().put("$and", and.add(query));
    }
    FindOptions options = new FindOptions().setSort(new JsonObject().put("publishAtMs", -1).put("_id", -1)).setLimit(limit + 1)
        .setFields(new JsonObject().put(Outbox.FIELD, 0));
    return mongo.findWithOptions(POSTS, query, options).compose(found -> pageOf(found, limit, userId, role, null));
  }

  private Future<JsonObject> pageOf(List<JsonObject> found, int limit, String userId, String role, Set<String> subscribed) {
    boolean more = found.size() > limit;
    List<JsonObject> posts = more ? found.subList(0, limit) : found;
    JsonObject last = posts.isEmpty() ? null : posts.get(posts.size() - 1);
    return views(posts, userId, role, subscribed).map(items -> new JsonObject().put("items", items)
        .put("nextCursor", more ? encodeCursor(last.getLong("publishAtMs"), last.getString("_id")) : null));
  }

  /** A page request: its size and the position of the last post seen (both null for the first page). */
  private record Paging(int limit, Long afterMs, String afterId) {
  }

  /** Throws a 400 (the caller's future fails with it) for a bad limit or a cursor that is not ours. */
  private Paging paging(JsonObject request) {
    int limit = request.getInteger("limit", settings.getInteger("defaultPageSize"));
    if (limit < 1 || limit > settings.getInteger("maxPageSize")) {
      throw new ApiException(400, "limit must be between 1 and " + settings.getInteger("maxPageSize") + ".");
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

  /** The views of {@code posts} for one viewer, with at most two entitlement questions for the whole list. */
  private Future<JsonArray> views(List<JsonObject> posts, String userId, String role) {
    return views(posts, userId, role, null);
  }

  /** {@code subscribed}: the creators the user subscribes to when the caller already knows them, else null. */
  private Future<JsonArray> views(List<JsonObject> posts, String userId, String role, Set<String> subscribedKnown) {
    boolean admin = "ADMIN".equals(role);
    Set<String> ppv = new LinkedHashSet<>();
    boolean needsSubscriptions = false;
    for (JsonObject post : posts) {
      if (userId == null || admin || userId.equals(post.getString("creatorId"))) {
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
        : subscribedKnown != null ? Future.succeededFuture(subscribedKnown) : subscribedCreators(userId);
    Future<Set<String>> bought = ppv.isEmpty() ? Future.succeededFuture(Set.of())
        : entitlements.heldAmong(userId, Kind.PPV, ppv);
    Future<Set<String>> liked = userId == null || posts.isEmpty() ? Future.succeededFuture(Set.of()) : likedBy(userId, posts);
    return Future.all(subscribed, bought, liked).map(all -> {
      JsonArray views = new JsonArray();
      for (JsonObject post : posts) {
        boolean owner = userId != null && userId.equals(post.getString("creatorId"));
        boolean unlocked = owner || admin || switch (post.getString("visibility")) {
          case "PUBLIC" -> true;
          case "SUBSCRIBERS" -> subscribed.result().contains(post.getString("creatorId"));
          case "PPV" -> bought.result().contains(post.getString("_id"));
          default -> false;
        };
        views.add(PostViews.view(post, unlocked, owner, userId == null ? null : liked.result().contains(post.getString("_id"))));
      }
      return views;
    }).compose(this::withCounters);
  }

  /**
   * Which of these posts the user liked. A user's likes are kept in memory (read once, dropped on every
   * instance when they like or unlike), so lists need no query per page; a user with very many likes
   * is asked per page instead.
   */
  private Future<Set<String>> likedBy(String userId, List<JsonObject> posts) {
    Set<String> cached = likedByUser.getIfPresent(userId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long stamp = likeChanges.get();
    return mongo.findWithOptions(LIKES, new JsonObject().put("userId", userId),
            new FindOptions().setFields(new JsonObject().put("postId", 1)).setLimit(MAX_CACHED_LIKES + 1))
        .compose(found -> {
          if (found.size() > MAX_CACHED_LIKES) {
            return likedAmong(userId, posts);
          }
          Set<String> liked = new HashSet<>();
          found.forEach(l -> liked.add(l.getString("postId")));
          if (likeChanges.get() == stamp) {
            likedByUser.put(userId, Set.copyOf(liked));
          }
          return Future.succeededFuture(liked);
        });
  }

  private Future<Set<String>> likedAmong(String userId, List<JsonObject> posts) {
    JsonArray ids = new JsonArray();
    posts.forEach(p -> ids.add(p.getString("_id") + "|" + userId));
    return mongo.findWithOptions(LIKES, new JsonObject().put("_id", new JsonObject().put("$in", ids)),
            new FindOptions().setFields(new JsonObject().put("postId", 1)))
        .map(found -> {
          Set<String> liked = new HashSet<>();
          found.forEach(l -> liked.add(l.getString("postId")));
          return liked;
        });
  }

  private void likesChanged(String userId) {
    likeChanges.incrementAndGet();
    likedByUser.invalidate(userId);
    vertx.eventBus().publish(LIKES_CHANGED, userId);
  }


  private Future<Set<String>> subscribedCreators(String userId) {
    return entitlements.targets(userId, Kind.SUBSCRIPTION);
  }

  // ---- for other domains ------------------------------------------------------------------------

  private Future<JsonObject> offer(Message<JsonObject> msg) {
    return post(msg.body().getString("postId")).compose(post -> post.getLong("publishAtMs") > System.currentTimeMillis()
        ? Future.failedFuture(new ApiException(404, "No such post."))
        : Future.succeededFuture(new JsonObject().put("creatorId", post.getString("creatorId"))
            .put("visibility", post.getString("visibility")).put("price", post.getJsonObject("price"))));
  }

  /** Whether some live post carrying the media is unlocked for the user (anonymous: public posts only). */
  private Future<JsonObject> mediaAccess(Message<JsonObject> msg) {
    String mediaId = msg.body().getString("mediaId");
    String userId = msg.body().getString("userId");
    String role = msg.body().getString("role");
    JsonObject query = new JsonObject().put("mediaIds", mediaId).put("deleted", false)
        .put("publishAtMs", new JsonObject().put("$lte", System.currentTimeMillis()));
    return mongo.findWithOptions(POSTS, query, new FindOptions().setLimit(50).setFields(new JsonObject().put(Outbox.FIELD, 0)))
        .compose(posts -> views(posts, userId, role))
        .map(views -> new JsonObject().put("allowed", views.stream().anyMatch(v -> !((JsonObject) v).getBoolean("locked"))));
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private Future<JsonObject> post(String postId) {
    if (postId == null) {
      return Future.failedFuture(new ApiException(404, "No such post."));
    }
    return mongo.findOne(POSTS, new JsonObject().put("_id", postId).put("deleted", false), new JsonObject().put(Outbox.FIELD, 0))
        .compose(post -> post == null ? Future.failedFuture(new ApiException(404, "No such post.")) : Future.succeededFuture(post));
  }

  /** The post if the viewer may know it exists: published, or their own (admins see all). */
  private Future<JsonObject> visiblePost(String postId, String userId, String role) {
    return post(postId).compose(post -> post.getLong("publishAtMs") <= System.currentTimeMillis()
        || post.getString("creatorId").equals(userId) || "ADMIN".equals(role)
        ? Future.succeededFuture(post) : Future.failedFuture(new ApiException(404, "No such post.")));
  }

  /** Another creator's post answers 403 to an edit: it is visible, just not theirs. Hidden ones stay 404. */
  private Future<JsonObject> ownPost(String userId, String postId) {
    return visiblePost(postId, userId, null).compose(post -> post.getString("creatorId").equals(userId)
        ? Future.succeededFuture(post) : Future.failedFuture(new ApiException(403, "This post belongs to another creator.")));
  }


  /** Snapshots of the media to attach; each must exist and belong to the creator. */
  private Future<JsonArray> media(String creatorId, JsonArray ids) {
    List<Future<MediaInfo>> described = new ArrayList<>();
    for (Object id : ids) {
      described.add(uploads.describe(String.valueOf(id))
          .recover(err -> err instanceof ApiException api && api.status() == 404
              ? Future.failedFuture(fieldError("mediaIds", "No such media: " + id)) : Future.failedFuture(err)));
    }
    return Future.all(described).compose(all -> {
      JsonArray media = new JsonArray();
      for (Future<MediaInfo> f : described) {
        MediaInfo m = f.result();
        if (!creatorId.equals(m.ownerId())) {
          return Future.failedFuture(new ApiException(403, "You can only attach media you uploaded."));
        }
        JsonObject snapshot = new JsonObject().put("id", m.id()).put("mimeType", m.mimeType())
            .put("size", m.size()).put("hasThumbnail", m.hasThumbnail());
        if (m.width() != null) {
          snapshot.put("width", m.width());
        }
        if (m.height() != null) {
          snapshot.put("height", m.height());
        }
        if (m.durationSeconds() != null) {
          snapshot.put("durationSeconds", m.durationSeconds());
        }
        media.add(snapshot);
      }
      return Future.succeededFuture(media);
    });
  }

  private static String type(JsonArray media) {
    boolean images = false;
    boolean videos = false;
    for (Object m : media) {
      String mime = ((JsonObject) m).getString("mimeType", "");
      images |= mime.startsWith("image/");
      videos |= mime.startsWith("video/");
    }
    return images && videos ? "MIXED" : videos ? "VIDEO" : images ? "IMAGE" : "TEXT";
  }

  private long publishAt(String value, long now) {
    if (value == null) {
      return now;
    }
    long at;
    try {
      at = Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw fieldError("publishAt", "Use an ISO-8601 UTC time such as 2026-12-01T18:00:00Z.");
    }
    if (at > now + MAX_SCHEDULE_MS) {
      throw fieldError("publishAt", "Schedule at most a year ahead.");
    }
    return Math.max(at, now); // a time in the past means now: posts are never back-dated into feeds
  }

  private JsonObject price(String visibility, JsonObject price) {
    if (!"PPV".equals(visibility)) {
      if (price != null) {
        throw fieldError("price", "Only pay-per-view posts have a price.");
      }
      return null;
    }
    if (price == null) {
      throw fieldError("price", "A pay-per-view post needs a price.");
    }
    String currency = price.getString("currency", "USD");
    long amount = price.getLong("amount");
    JsonObject bounds = settings.getJsonObject("price");
    if (!"USD".equals(currency)) {
      throw fieldError("price", "Prices are in USD.");
    }
    if (amount < bounds.getLong("minAmount") || amount > bounds.getLong("maxAmount")) {
      throw fieldError("price", "The price must be between " + bounds.getLong("minAmount") + " and "
          + bounds.getLong("maxAmount") + " cents.");
    }
    return new JsonObject().put("amount", amount).put("currency", currency);
  }

  /** Counts one view per viewer per period (Redis SET NX with expiry); best effort, never fails the read. */
  private void countView(String postId, String userId) {
    long period = settings.getLong("viewPeriodSeconds");
    redis.send(Request.cmd(Command.SET).arg("view:" + postId + ":" + userId).arg("1").arg("NX").arg("EX").arg(period))
        .compose(r -> r == null ? Future.succeededFuture()
            : mongo.findOneAndUpdateWithOptions(POSTS, new JsonObject().put("_id", postId),
                    new JsonObject().put("$inc", new JsonObject().put("views", 1)),
                    new FindOptions().setFields(new JsonObject().put("views", 1)), new UpdateOptions().setReturningNewDocument(true))
                .compose(updated -> publishCounter(COUNTER_VIEWS, postId, updated, "views")))
        .onFailure(err -> LOG.debug("view not counted for {}", postId, err));
  }

  /**
   * Likes and views as lists show them: the store's value after each change, copied to a Redis hash,
   * so the in-memory timelines never have to be re-read for counters. Best effort: a missing entry
   * falls back to the value the list was loaded with.
   */
  private Future<Void> publishCounter(String hash, String postId, JsonObject updated, String field) {
    if (updated == null) {
      return Future.succeededFuture();
    }
    return redis.send(Request.cmd(Command.HSET).arg(hash).arg(postId).arg(updated.getLong(field, 0L)))
        .<Void>mapEmpty().recover(err -> Future.succeededFuture());
  }

  /** Patches each view's likes and views with the current counters (one Redis round trip per page). */
  private Future<JsonArray> withCounters(JsonArray views) {
    if (views.isEmpty()) {
      return Future.succeededFuture(views);
    }
    Request likes = Request.cmd(Command.HMGET).arg(COUNTER_LIKES);
    Request seen = Request.cmd(Command.HMGET).arg(COUNTER_VIEWS);
    for (int i = 0; i < views.size(); i++) {
      likes.arg(views.getJsonObject(i).getString("id"));
      seen.arg(views.getJsonObject(i).getString("id"));
    }
    return redis.batch(List.of(likes, seen)).map(counters -> {
      for (int i = 0; i < views.size(); i++) {
        JsonObject view = views.getJsonObject(i);
        io.vertx.redis.client.Response like = counters.get(0).get(i);
        io.vertx.redis.client.Response view2 = counters.get(1).get(i);
        if (like != null && view.containsKey("likes")) {
          view.put("likes", like.toLong());
        }
        if (view2 != null && view.containsKey("views")) {
          view.put("views", view2.toLong());
        }
      }
      return views;
    }).recover(err -> Future.succeededFuture(views));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return LocalFirst.<JsonObject>request(vertx, address, body, new DeliveryOptions().setSendTimeout(3000))
        .map(Message::body)
        .recover(err -> {
          ApiException api = BusErrors.toApiException(err);
          return Future.failedFuture(api != null ? api : err);
        });
  }


  private static String encodeCursor(long publishAtMs, String id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((publishAtMs + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static ApiException fieldError(String field, String message) {
    return new ApiException(400, "Bad Request", message, new JsonObject().put("errors",
        new JsonArray().add(new JsonObject().put("field", field).put("message", message))));
  }
}
