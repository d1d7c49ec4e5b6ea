package dev.creatorhub.live.service;

import dev.creatorhub.shared.validation.BodySchema;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Shapes of the live domain's REST request bodies (JSON Schema 2020-12); room commands are {@link LiveCommands}. */
public final class LiveSchemas {

  static final BodySchema CREATE_STREAM = BodySchema.of(streamSchema(true));
  static final BodySchema UPDATE_STREAM = BodySchema.of(streamSchema(false));
  /** Checked at the edge; the moderators command checks {@code userId} again (the DELETE form takes it from the path). */
  static final BodySchema APPOINT_MODERATOR = BodySchema.of(new JsonObject("""
      {"type": "object", "required": ["userId"],
       "properties": {"userId": {"type": "string", "pattern": "^[0-9a-f-]{36}$"}}}"""));

  private LiveSchemas() {
  }

  /** The REST bodies by operationId. */
  public static Map<String, BodySchema> byOperation() {
    return Map.of("createStream", CREATE_STREAM, "updateStream", UPDATE_STREAM, "appointModerator", APPOINT_MODERATOR);
  }

  /** The body of {@code POST /streams} ({@code create}) or {@code PATCH /streams/{id}}. */
  private static JsonObject streamSchema(boolean create) {
    JsonObject properties = new JsonObject()
        .put("title", new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", 140))
        .put("description", new JsonObject().put("type", "string").put("maxLength", 2000))
        .put("scheduledStartTime", new JsonObject().put("type", "string").put("format", "date-time"))
        .put("chatEnabled", new JsonObject().put("type", "boolean"))
        .put("tipsEnabled", new JsonObject().put("type", "boolean"))
        .put("recordingEnabled", new JsonObject().put("type", "boolean"));
    if (create) {
      properties.put("access", new JsonObject().put("enum", new io.vertx.core.json.JsonArray().add("PUBLIC").add("SUBSCRIBERS").add("TICKET")))
          .put("ticketPrice", new JsonObject("""
              {"type": "object", "additionalProperties": false, "required": ["amount"],
               "properties": {"amount": {"type": "integer", "minimum": 0, "maximum": 1000000000},
                              "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}}"""));
    } else {
      properties.put("slowModeSeconds", new JsonObject().put("type", "integer").put("minimum", 0).put("maximum", 300));
    }
    JsonObject schema = new JsonObject().put("type", "object").put("additionalProperties", false).put("properties", properties);
    return create ? schema.put("required", new io.vertx.core.json.JsonArray().add("title").add("access")) : schema.put("minProperties", 1);
  }

}
