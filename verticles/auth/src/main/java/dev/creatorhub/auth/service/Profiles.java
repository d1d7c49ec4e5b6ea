package dev.creatorhub.auth.service;

import dev.creatorhub.shared.money.Money;
import dev.creatorhub.auth.AuthSettings;
import dev.creatorhub.auth.AuthAddresses;
import dev.creatorhub.auth.store.Sessions;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.text.DisplayText;
import dev.creatorhub.uploads.api.UploadsClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The signed-in user changes her profile (a creator also her prices) or her password. */
public final class Profiles {

  private final Users users;
  private final Sessions sessions;
  private final Passwords passwords;
  private final Credentials credentials;
  private final UploadsClient uploads;
  private final AuthSettings.CreatorPrice creatorPrice;
  private final Clock clock;

  Profiles(Users users, Sessions sessions, Passwords passwords, Credentials credentials, UploadsClient uploads,
           AuthSettings.CreatorPrice creatorPrice, Clock clock) {
    this.users = users;
    this.sessions = sessions;
    this.passwords = passwords;
    this.credentials = credentials;
    this.uploads = uploads;
    this.creatorPrice = creatorPrice;
    this.clock = clock;
  }

  public Future<JsonObject> updateMe(String userId, JsonObject request) {
    JsonObject body = AuthSchemas.UPDATE_ME.check(request);
    return users.require(userId).compose(user -> {
      JsonObject set = fields(user, body);
      return Future.all(mediaField(userId, body, "avatarMediaId", "profile.profilePicture", set),
              mediaField(userId, body, "bannerMediaId", "profile.bannerImage", set))
          .compose(v -> {
            set.put("updatedAt", clock.instant().toString());
            JsonObject updated = AccountRules.applySet(user.copy(), set);
            return users.set(userId, set, Outbox.event(AuthAddresses.TOPIC_UPDATED, userId, UserViews.publicView(updated)))
                .map(r -> UserViews.privateView(updated));
          });
    });
  }

  /** The {@code $set} of a profile edit, media aside; throws for what the user may not set. */
  private JsonObject fields(JsonObject user, JsonObject body) {
    boolean creator = "CREATOR".equals(user.getString("role"));
    JsonObject set = new JsonObject();
    if (body.containsKey("displayName")) {
      set.put("profile.displayName", AccountRules.displayName(body.getString("displayName")));
    }
    if (body.containsKey("bio")) {
      set.put("profile.bio", DisplayText.bio(body.getString("bio")));
    }
    for (String field : List.of("subscriptionPrice", "bundles", "trialDays")) {
      if (body.containsKey(field) && !creator) {
        throw new ApiException(403, "Only creators have " + field + ".");
      }
    }
    if (body.containsKey("subscriptionPrice")) {
      set.put("creatorProfile.subscriptionPrice", checkPrice(body.getJsonObject("subscriptionPrice")));
    }
    if (body.containsKey("bundles")) {
      set.put("creatorProfile.bundles", checkBundles(body.getJsonArray("bundles")));
    }
    if (body.containsKey("trialDays")) {
      set.put("creatorProfile.trialDays", body.getInteger("trialDays"));
    }
    return set;
  }

  private JsonObject checkPrice(JsonObject price) {
    Money asked = Money.from(price);
    if (!creatorPrice.currency().equals(asked.currency())) {
      throw AccountRules.fieldError("subscriptionPrice.currency", "Prices are in " + creatorPrice.currency() + ".");
    }
    if (!asked.within(creatorPrice.minAmount(), creatorPrice.maxAmount())) {
      throw AccountRules.fieldError("subscriptionPrice.amount", "The price must be between " + creatorPrice.minAmount()
          + " and " + creatorPrice.maxAmount() + " (minor units).");
    }
    return asked.toJson();
  }

  private static JsonArray checkBundles(JsonArray bundles) {
    Set<Integer> months = new HashSet<>();
    JsonArray sorted = new JsonArray();
    bundles.stream().map(b -> (JsonObject) b)
        .sorted((a, b) -> Integer.compare(a.getInteger("months"), b.getInteger("months")))
        .forEach(b -> {
          if (!months.add(b.getInteger("months"))) {
            throw AccountRules.fieldError("bundles", "Each bundle length may appear once.");
          }
          sorted.add(new JsonObject().put("months", b.getInteger("months")).put("discountPercent", b.getInteger("discountPercent")));
        });
    return sorted;
  }

  /** Avatars and banners must be images the user uploaded: the uploads domain says who owns a media id. */
  private Future<Void> mediaField(String userId, JsonObject body, String field, String target, JsonObject set) {
    if (!body.containsKey(field)) {
      return Future.succeededFuture();
    }
    String mediaId = body.getString(field);
    if (mediaId == null) {
      set.putNull(target);
      return Future.succeededFuture();
    }
    return uploads.describe(mediaId)
        .recover(err -> err instanceof ApiException api && api.status() == 404
            ? Future.failedFuture(AccountRules.fieldError(field, "No such media.")) : Future.failedFuture(err))
        .compose(media -> {
          if (!userId.equals(media.ownerId())) {
            return Future.failedFuture(new ApiException(403, "That media belongs to someone else."));
          }
          if (!media.isImage()) {
            return Future.failedFuture(AccountRules.fieldError(field, "Avatars and banners must be images."));
          }
          set.put(target, mediaId);
          return Future.succeededFuture();
        });
  }

  /** A new password ends every session of the user (on every node). */
  public Future<JsonObject> changePassword(String userId, JsonObject request, String ip) {
    JsonObject body = AuthSchemas.CHANGE_PASSWORD.check(request);
    return users.require(userId).compose(user -> credentials.recheckPassword(user, body.getString("currentPassword"), ip)
        .compose(ok -> {
          if (!ok) {
            return Future.failedFuture(new ApiException(403, "The current password is wrong."));
          }
          passwords.check("newPassword", body.getString("newPassword"), user.getString("username"), user.getString("email"));
          return passwords.hash(body.getString("newPassword"));
        })
        .compose(hash -> users.update(new JsonObject().put("_id", userId), new JsonObject()
            .put("$set", new JsonObject().put("passwordHash", hash).put("passwordChangedAt", clock.instant().toString()))))
        .compose(r -> sessions.revokeAll(userId))
        .map(v -> new JsonObject()));
  }
}
