package dev.creatorhub.testing;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API document's response schemas, checked against every answer a test gets from the REST API
 * ({@link Http} calls {@link #check} on each): an answer with a field the document does not name,
 * without one it requires, or of another type fails the test that received it. So the whole suite
 * proves the document describes what the platform answers, and the document's
 * {@code additionalProperties: false} and {@code required} lists make that hold both ways.
 */
public final class ResponseContract {

  private static final String PREFIX = "/api/v1";
  // The document itself, and the routes of the test tree's own domain (TestPlugin).
  private static final Pattern OUTSIDE = Pattern.compile("/(openapi\\.json|docs|test/.*)");
  private static final ResponseContract INSTANCE = load();

  private record Operation(String method, Pattern path, String template, String id, JsonObject responses) {
  }

  private final List<Operation> operations;
  private final JsonObject components;
  private final Map<String, Validator> validators = new ConcurrentHashMap<>();

  private ResponseContract(List<Operation> operations, JsonObject components) {
    this.operations = operations;
    this.components = components;
  }

  /** Throws an {@link AssertionError} when {@code body} is not what the document says this operation answers. */
  public static void check(String method, String path, int status, String contentType, String body) {
    if (path.startsWith(PREFIX) && !OUTSIDE.matcher(path.substring(PREFIX.length())).matches()) {
      INSTANCE.verify(method, path.substring(PREFIX.length()), status, contentType, body);
    }
  }

  /** The document's operations whose 2xx answer carries JSON without a schema for it. */
  public static List<String> undescribedAnswers() {
    List<String> missing = new ArrayList<>();
    for (Operation op : INSTANCE.operations) {
      op.responses().forEach(e -> {
        JsonObject media = json(e.getValue());
        if (e.getKey().startsWith("2") && media != null && !media.containsKey("schema")) {
          missing.add(op.id() + " " + e.getKey());
        }
      });
    }
    return missing;
  }

  private void verify(String method, String path, int status, String contentType, String body) {
    Optional<Operation> found = operations.stream().filter(o -> o.method().equals(method) && o.path().matcher(path).matches()).findFirst();
    if (found.isEmpty()) {
      if (status != 404 && status != 405) {
        throw new AssertionError(method + " " + path + " answered " + status + " but the API document has no such operation");
      }
      return;
    }
    Operation op = found.get();
    JsonObject response = op.responses().getJsonObject(String.valueOf(status));
    if (response == null) {
      response = op.responses().getJsonObject(status >= 400 && status != 429 ? "4XX" : String.valueOf(status));
    }
    if (response == null && status >= 500) {
      // An unavailable domain or an overload: every operation can answer it, as a problem.
      response = new JsonObject().put("content", new JsonObject().put("application/problem+json",
          new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/Problem"))));
    }
    if (response == null) {
      throw new AssertionError(op.id() + " answered " + status + ", an answer the API document does not list");
    }
    JsonObject media = response.getJsonObject("content");
    boolean jsonAnswer = contentType != null && contentType.contains("json") && body != null && !body.isEmpty();
    if (!jsonAnswer) {
      return;
    }
    String type = contentType.contains("problem+json") ? "application/problem+json" : "application/json";
    JsonObject schema = media == null || media.getJsonObject(type) == null ? null : media.getJsonObject(type).getJsonObject("schema");
    if (schema == null) {
      throw new AssertionError(op.id() + " answered " + status + " with " + type + " the API document gives no schema for");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new AssertionError(op.id() + " answered " + status + " with a body that is not JSON: " + body);
    }
    String key = op.id() + " " + status + " " + type;
    OutputUnit result = validators.computeIfAbsent(key, k -> validator(schema)).validate(value);
    if (!Boolean.TRUE.equals(result.getValid())) {
      StringBuilder why = new StringBuilder(key + " does not match the API document:");
      if (result.getErrors() != null) {
        result.getErrors().forEach(u -> why.append("\n  ").append(u.getInstanceLocation()).append(": ").append(u.getError()));
      }
      throw new AssertionError(why.append("\nbody: ").append(body).toString());
    }
  }

  // The operation's schema with the document's components beside it as $defs, so its refs resolve.
  private Validator validator(JsonObject schema) {
    String refs = schema.encode().replace("#/components/schemas/", "#/$defs/");
    JsonObject own = new JsonObject(refs).put("$defs", new JsonObject(components.encode().replace("#/components/schemas/", "#/$defs/")));
    return Validator.create(JsonSchema.of(own),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("urn:creatorhub:answers:").setOutputFormat(OutputFormat.Basic));
  }

  private static JsonObject json(Object response) {
    JsonObject content = ((JsonObject) response).getJsonObject("content");
    return content == null ? null : content.getJsonObject("application/json");
  }

  private static ResponseContract load() {
    try (InputStream in = ResponseContract.class.getResourceAsStream("/api/openapi.json")) {
      JsonObject doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      JsonObject shared = doc.getJsonObject("components").getJsonObject("responses", new JsonObject());
      List<Operation> operations = new ArrayList<>();
      doc.getJsonObject("paths").forEach(p -> ((JsonObject) p.getValue()).forEach(m -> {
        if (m.getValue() instanceof JsonObject op && op.containsKey("operationId")) {
          JsonObject responses = new JsonObject();
          op.getJsonObject("responses").forEach(r -> responses.put(r.getKey(), resolve((JsonObject) r.getValue(), shared)));
          Pattern path = Pattern.compile(Pattern.quote(p.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
          operations.add(new Operation(m.getKey().toUpperCase(), path, p.getKey(), op.getString("operationId"), responses));
        }
      }));
      // A literal path (/streams/mine) wins over a template (/streams/{id}).
      operations.sort(Comparator.comparingInt(o -> o.template().split("\\{").length));
      return new ResponseContract(operations, doc.getJsonObject("components").getJsonObject("schemas"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject resolve(JsonObject response, JsonObject shared) {
    String ref = response.getString("$ref");
    return ref == null ? response : shared.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
  }
}
