package dev.creatorhub.content.service;

import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.money.Money;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.uploads.api.MediaInfo;
import dev.creatorhub.uploads.api.UploadsClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** What a post may hold: its request schema, publish time, price and media. */
final class PostRules {

  private static final long MAX_SCHEDULE_MS = 366L * 24 * 3600 * 1000;

  final BodySchema create;
  final BodySchema update;
  private final ContentSettings settings;
  private final UploadsClient uploads;

  PostRules(ContentSettings settings, UploadsClient uploads) {
    this.settings = settings;
    this.uploads = uploads;
    this.create = ContentSchemas.post(settings, true);
    this.update = ContentSchemas.post(settings, false);
  }

  /** When to publish: now when absent or past (posts are never back-dated into feeds), at most a year ahead. */
  long publishAt(String value, long now) {
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
    return Math.max(at, now);
  }

  /** Only pay-per-view posts have a price, in the platform's currency, within the configured bounds. */
  JsonObject price(String visibility, JsonObject price) {
    if (!"PPV".equals(visibility)) {
      if (price != null) {
        throw fieldError("price", "Only pay-per-view posts have a price.");
      }
      return null;
    }
    if (price == null) {
      throw fieldError("price", "A pay-per-view post needs a price.");
    }
    Money asked = Money.of(price.getLong("amount"), price.getString("currency", settings.currency()));
    if (!settings.currency().equals(asked.currency())) {
      throw fieldError("price", "Prices are in " + settings.currency() + ".");
    }
    if (!asked.within(settings.minPrice(), settings.maxPrice())) {
      throw fieldError("price", "The price must be between " + settings.minPrice() + " and " + settings.maxPrice() + " (minor units).");
    }
    return asked.toJson();
  }

  /** Snapshots of the media to attach; each must exist and belong to the creator. */
  Future<JsonArray> media(String creatorId, JsonArray ids) {
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

  static String type(JsonArray media) {
    boolean images = false;
    boolean videos = false;
    for (Object m : media) {
      String mime = ((JsonObject) m).getString("mimeType", "");
      images |= mime.startsWith("image/");
      videos |= mime.startsWith("video/");
    }
    return images && videos ? "MIXED" : videos ? "VIDEO" : images ? "IMAGE" : "TEXT";
  }

  static ApiException fieldError(String field, String message) {
    return new ApiException(400, "Bad Request", message, new JsonObject().put("errors",
        new JsonArray().add(new JsonObject().put("field", field).put("message", message))));
  }
}
