package dev.creatorhub.auth.api;

import dev.creatorhub.shared.bus.LocalFirst;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How other domains ask the auth domain about users: the addresses, the timeout and the error
 * mapping live here once (a missing user is a 404 {@link ApiException}; a silent domain a 503).
 */
public final class AuthClient {

  /** Request {@code {id}} or {@code {username}}; replies the user's internal view or fails 404. */
  public static final String USER_GET = "auth.user.get";
  /** Request {@code {ids}} (at most {@link #MAX_IDS}); replies {@code {users: [view]}}, unknown ids left out. */
  public static final String USERS_GET = "auth.users.get";
  public static final int MAX_IDS = 200;
  /** Request {@code {mediaId}}; replies {@code {public}}: the media is someone's avatar or banner. */
  public static final String MEDIA_PUBLIC = "auth.media.public";
  /** Request {@code {q, limit}}; replies {@code {items: [public creator views]}}: active creators matching by name or bio. */
  public static final String CREATORS_SEARCH = "auth.creators.search";
  private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(3000);

  private final Vertx vertx;

  public AuthClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<UserInfo> user(String id) {
    return get(new JsonObject().put("id", id));
  }

  public Future<UserInfo> byUsername(String username) {
    return get(new JsonObject().put("username", username));
  }

  /** A creator by id or username; anyone else, or no one, is 404 "No such creator.". */
  public Future<UserInfo> creator(String idOrUsername) {
    JsonObject ask = ID.matcher(idOrUsername).matches() ? new JsonObject().put("id", idOrUsername)
        : new JsonObject().put("username", idOrUsername);
    return get(ask)
        .recover(err -> Future.failedFuture(err instanceof ApiException api && api.status() == 404 ? noSuchCreator() : err))
        .compose(user -> user.isCreator() ? Future.succeededFuture(user) : Future.failedFuture(noSuchCreator()));
  }

  /** A creator fans can pay: active; else 404 "No such creator.". */
  public Future<UserInfo> activeCreator(String idOrUsername) {
    return creator(idOrUsername).compose(user -> user.isActiveCreator() ? Future.succeededFuture(user) : Future.failedFuture(noSuchCreator()));
  }

  /** The users of {@code ids} that exist, by id (asked in batches of {@link #MAX_IDS}). */
  public Future<Map<String, UserInfo>> users(Collection<String> ids) {
    List<String> distinct = ids.stream().distinct().toList();
    List<Future<JsonObject>> batches = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += MAX_IDS) {
      JsonArray batch = new JsonArray(distinct.subList(from, Math.min(distinct.size(), from + MAX_IDS)));
      batches.add(LocalFirst.ask(vertx, USERS_GET, new JsonObject().put("ids", batch), OPTIONS));
    }
    return Future.all(batches).map(all -> {
      Map<String, UserInfo> byId = new HashMap<>();
      for (Future<JsonObject> batch : batches) {
        batch.result().getJsonArray("users").forEach(u -> {
          UserInfo user = UserInfo.fromJson((JsonObject) u);
          byId.put(user.id(), user);
        });
      }
      return byId;
    });
  }

  /** True when the media is someone's avatar or banner (anyone may see those). */
  public Future<Boolean> isProfileMedia(String mediaId) {
    return LocalFirst.ask(vertx, MEDIA_PUBLIC, new JsonObject().put("mediaId", mediaId), OPTIONS).map(r -> r.getBoolean("public", false));
  }

  /** Public views of active creators matching {@code q}, as the API shows them. */
  public Future<JsonArray> searchCreators(String q, int limit) {
    return LocalFirst.ask(vertx, CREATORS_SEARCH, new JsonObject().put("q", q).put("limit", limit), OPTIONS)
        .map(r -> r.getJsonArray("items", new JsonArray()));
  }

  private Future<UserInfo> get(JsonObject ask) {
    return LocalFirst.ask(vertx, USER_GET, ask, OPTIONS).map(UserInfo::fromJson);
  }

  private static ApiException noSuchCreator() {
    return new ApiException(404, "No such creator.");
  }
}
