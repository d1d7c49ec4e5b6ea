package dev.creatorhub.content.service;

import dev.creatorhub.shared.validation.BodySchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Shapes of the content domain's request bodies (JSON Schema 2020-12), with the limits its settings give. */
public final class ContentSchemas {

  private ContentSchemas() {
  }

  /** The REST bodies by operationId. */
  public static Map<String, BodySchema> byOperation(ContentSettings settings) {
    return Map.of("createPost", post(settings, true), "updatePost", post(settings, false));
  }

  /** A new post ({@code create}: visibility required) or an edit (at least one field). */
  static BodySchema post(ContentSettings settings, boolean create) {
    JsonObject properties = new JsonObject()
        .put("text", new JsonObject().put("type", "string").put("maxLength", settings.maxTextLength()))
        .put("mediaIds", new JsonObject().put("type", "array").put("maxItems", settings.maxMediaPerPost())
            .put("uniqueItems", true).put("items", new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", 64)))
        .put("visibility", new JsonObject().put("enum", new JsonArray().add("PUBLIC").add("SUBSCRIBERS").add("PPV")))
        .put("price", new JsonObject("""
            {"type": ["object", "null"], "additionalProperties": false, "required": ["amount"],
             "properties": {"amount": {"type": "integer", "minimum": 0, "maximum": 1000000000},
                            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}}"""))
        .put("publishAt", new JsonObject().put("type", "string").put("format", "date-time"))
        .put("previewLength", new JsonObject().put("type", "integer").put("minimum", 0).put("maximum", settings.maxPreviewLength()))
        .put("blurredPreview", new JsonObject().put("type", "boolean"));
    JsonObject schema = new JsonObject().put("type", "object").put("additionalProperties", false).put("properties", properties);
    if (create) {
      schema.put("required", new JsonArray().add("visibility"));
    } else {
      schema.put("minProperties", 1);
    }
    return BodySchema.of(schema);
  }
}
