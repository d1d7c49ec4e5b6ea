package dev.creatorhub.gateway;

import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.shared.web.Requests;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The REST request bodies' schemas, one source: each domain's plug-in gives them by operationId;
 * they are written into the API document at start (its {@code application/json} request bodies
 * carry no schema of their own) and checked here before a request crosses the bus. A body without
 * a schema, or a schema without its operation, stops the gateway's start.
 */
final class RequestSchemas {

  /** A checked request is not checked again when its endpoint asks the bus twice. */
  private static final String CHECKED = "creatorhub.bodyChecked";

  private final JsonObject document;
  private final Map<String, BodySchema> byRoute = new HashMap<>();

  RequestSchemas(JsonObject openApi, List<Domain> domains, JsonObject config) {
    document = openApi.copy();
    Map<String, BodySchema> byOperation = new HashMap<>();
    for (Domain domain : domains) {
      domain.requestSchemas(config).forEach((operationId, schema) -> {
        if (byOperation.put(operationId, schema) != null) {
          throw new IllegalStateException("two domains give the request schema of operation '" + operationId + "'");
        }
      });
    }
    Set<String> unused = new TreeSet<>(byOperation.keySet());
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject operation = item.getJsonObject(method);
        JsonObject json = operation.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
            .getJsonObject("application/json");
        if (json == null) {
          continue;
        }
        String operationId = operation.getString("operationId");
        BodySchema schema = byOperation.get(operationId);
        if (schema == null) {
          throw new IllegalStateException("operation '" + operationId + "' (" + method + " " + path
              + ") takes a JSON body but no domain plug-in gives its schema");
        }
        unused.remove(operationId);
        json.put("schema", schema.json());
        byRoute.put(key(method, path), schema);
      }
    }
    if (!unused.isEmpty()) {
      throw new IllegalStateException("request schemas for operations the API document does not have (or that take no JSON body): " + unused);
    }
  }

  /** The API document with every JSON request body's schema filled in from its domain. */
  JsonObject document() {
    return document;
  }

  /**
   * The body of the request {@code ctx} against its operation's schema, once per request: the 400
   * to answer, or null when it is valid, has no body or no schema covers its route (the domain decides then).
   */
  RuntimeException invalid(RoutingContext ctx) {
    Route route = ctx.currentRoute();
    if (route == null || route.getPath() == null || ctx.get(CHECKED) != null || ctx.body() == null
        || ctx.body().buffer() == null || ctx.body().length() == 0) {
      return null;
    }
    ctx.put(CHECKED, true);
    BodySchema schema = byRoute.get(key(ctx.request().method().name(), route.getPath()));
    if (schema == null) {
      return null;
    }
    try {
      schema.check(Requests.jsonObject(ctx));
      return null;
    } catch (RuntimeException invalid) {
      return invalid;
    }
  }

  /** {@code POST /posts/{}/purchase} for the document's {@code /posts/{id}/purchase} and the router's {@code /posts/:id/purchase}. */
  static String key(String method, String path) {
    return method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{[^}/]+}", "{}").replaceAll(":[^/]+", "{}");
  }
}
