package dev.creatorhub.shared.validation;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * A JSON Schema (2020-12) for a request body. {@link #check} either returns the body or throws a
 * 400 problem listing every violation as {@code errors: [{field, message}]}.
 */
public final class BodySchema {

  private final Validator validator;
  private final JsonObject schema;

  private BodySchema(Validator validator, JsonObject schema) {
    this.validator = validator;
    this.schema = schema;
  }

  /**
   * The schema of a request body. Every integer in it must declare {@code minimum} and
   * {@code maximum}: a number past a long's range would otherwise wrap when read (2^64 + 500 reads
   * as 500), so an unbounded integer is refused here, when the schema is built.
   */
  public static BodySchema of(JsonObject schema) {
    requireIntegerBounds(schema, "#");
    JsonObject own = schema.copy();
    return new BodySchema(Validator.create(JsonSchema.of(own.copy()),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("urn:creatorhub:").setOutputFormat(OutputFormat.Basic)), own);
  }

  /** The schema itself (a copy), as the API document publishes it. */
  public JsonObject json() {
    return schema.copy();
  }

  private static void requireIntegerBounds(Object node, String at) {
    if (node instanceof JsonObject object) {
      Object type = object.getValue("type");
      boolean integer = "integer".equals(type) || (type instanceof JsonArray types && types.contains("integer"));
      if (integer && !(object.containsKey("minimum") && object.containsKey("maximum"))) {
        throw new IllegalArgumentException("the integer at " + at + " of a request schema needs a minimum and a maximum");
      }
      object.forEach(e -> requireIntegerBounds(e.getValue(), at + "/" + e.getKey()));
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        requireIntegerBounds(array.getValue(i), at + "/" + i);
      }
    }
  }

  public JsonObject check(Object body) {
    if (!(body instanceof JsonObject object)) {
      throw new ApiException(400, "Bad Request", "The body must be a JSON object.", null);
    }
    OutputUnit result = validator.validate(object);
    if (Boolean.TRUE.equals(result.getValid())) {
      return object;
    }
    JsonArray errors = new JsonArray();
    if (result.getErrors() != null) {
      for (OutputUnit error : result.getErrors()) {
        String field = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().replaceFirst("^#?/?", "");
        errors.add(new JsonObject().put("field", field.isEmpty() ? "(body)" : field).put("message", error.getError()));
      }
    }
    throw new ApiException(400, "Bad Request", "The request has invalid fields.", new JsonObject().put("errors", errors));
  }
}
