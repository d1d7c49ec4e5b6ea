package dev.creatorhub.live.service;

import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.text.DisplayText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** What viewers and events see of a stream document. */
final class StreamViews {

  private final String currency;
  private final Clock clock;

  StreamViews(String currency, Clock clock) {
    this.currency = currency;
    this.clock = clock;
  }

  JsonObject view(JsonObject stream) {
    JsonObject stats = stream.getJsonObject("stats", new JsonObject());
    JsonObject view = new JsonObject().put("id", stream.getString("_id"))
        .put("creator", new JsonObject().put("id", stream.getString("creatorId")).put("username", stream.getString("creatorUsername")))
        .put("title", stream.getString("title")).put("description", stream.getString("description"))
        .put("access", stream.getString("access")).put("status", stream.getString("status"))
        .put("scheduledStartTime", stream.getString("scheduledStartTime")).put("startedAt", stream.getString("startedAt"))
        .put("endedAt", stream.getString("endedAt"))
        .put("settings", stream.getJsonObject("settings"))
        .put("viewerCount", stats.getLong("viewerCount", 0L)).put("peakViewers", stats.getLong("peakViewers", 0L))
        .put("totalTips", new JsonObject().put("amount", stats.getLong("totalTips", 0L)).put("currency", currency))
        .put("durationSeconds", stream.getLong("durationSeconds", stream.getString("startedAt") == null || stream.getString("endedAt") != null
            ? stream.getLong("durationSeconds", 0L)
            : Duration.between(Instant.parse(stream.getString("startedAt")), clock.instant()).toSeconds()))
        .put("room", LiveAddresses.room(stream.getString("_id")));
    if (stream.getJsonObject("ticketPrice") != null) {
      view.put("ticketPrice", stream.getJsonObject("ticketPrice"));
    }
    return view;
  }

  static String title(String value) {
    String title = DisplayText.name(value);
    if (title.isEmpty()) {
      throw new ApiException(400, "Bad Request", "A title needs visible characters.", new JsonObject().put("errors",
          new JsonArray().add(new JsonObject().put("field", "title").put("message", "A title needs visible characters."))));
    }
    return title;
  }

  /** The payload of the stream events. */
  static JsonObject summary(JsonObject stream) {
    return new JsonObject().put("streamId", stream.getString("_id")).put("creatorId", stream.getString("creatorId"))
        .put("title", stream.getString("title")).put("access", stream.getString("access"))
        .put("startedAt", stream.getString("startedAt")).put("endedAt", stream.getString("endedAt"))
        .put("stats", stream.getJsonObject("stats"));
  }
}
