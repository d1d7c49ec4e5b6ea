package dev.creatorhub.gateway;

import io.vertx.core.json.JsonObject;

/** A browsable page of the OpenAPI document, rendered on the server (no scripts, so the CSP stays strict). */
final class ApiDocsPage {

  private ApiDocsPage() {
  }

  static String render(JsonObject openApi) {
    StringBuilder rows = new StringBuilder();
    JsonObject paths = openApi.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject operations = paths.getJsonObject(path);
      for (String method : operations.fieldNames()) {
        JsonObject op = operations.getJsonObject(method);
        rows.append("<tr id=\"").append(escape(op.getString("operationId", ""))).append("\"><td class=m>")
            .append(escape(method.toUpperCase())).append("</td><td><code>/api/v1")
            .append(escape(path)).append("</code><br><small>").append(escape(op.getString("operationId", "")))
            .append("</small></td><td>").append(escape(op.getString("summary", ""))).append(body(op)).append(answer(op))
            .append("</td><td>").append(op.containsKey("security") ? "token" : "").append("</td><td>")
            .append(escape(String.join(", ", op.getJsonArray("tags", new io.vertx.core.json.JsonArray()).stream()
                .map(String::valueOf).toList()))).append("</td></tr>\n");
      }
    }
    JsonObject info = openApi.getJsonObject("info", new JsonObject());
    return "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + escape(info.getString("title", "API"))
        + "</title><style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d1f24}table{border-collapse:collapse}"
        + "td,th{padding:.35rem .7rem;border-bottom:1px solid #e3e5ea;text-align:left}.m{font-weight:600}pre{font-size:.8rem}small{color:#5b606b}</style></head><body>"
        + "<h1>" + escape(info.getString("title", "API")) + "</h1><p>" + escape(info.getString("description", ""))
        + "</p><p>Machine-readable: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a></p>"
        + "<table><tr><th>method</th><th>path</th><th>what</th><th>auth</th><th>area</th></tr>\n" + rows + "</table>"
        + schemas(openApi) + "</body></html>";
  }

  /** The JSON body's schema, folded (a {@code <details>} needs no script). */
  private static String body(JsonObject op) {
    JsonObject json = op.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
        .getJsonObject("application/json");
    if (json == null || !json.containsKey("schema")) {
      return "";
    }
    return "<details><summary>request body</summary><pre>" + escape(json.getJsonObject("schema").encodePrettily()) + "</pre></details>";
  }

  /** The success answer's schema, folded like the request's. */
  private static String answer(JsonObject op) {
    StringBuilder out = new StringBuilder();
    op.getJsonObject("responses", new JsonObject()).forEach(r -> {
      JsonObject json = ((JsonObject) r.getValue()).getJsonObject("content", new JsonObject()).getJsonObject("application/json");
      if (r.getKey().startsWith("2") && json != null && json.containsKey("schema")) {
        out.append("<details><summary>answer ").append(escape(r.getKey())).append("</summary><pre>")
            .append(escape(json.getJsonObject("schema").encodePrettily())).append("</pre></details>");
      }
    });
    return out.toString();
  }

  /** The shared schemas the answers refer to ({@code #/components/schemas/Name}). */
  private static String schemas(JsonObject openApi) {
    StringBuilder out = new StringBuilder("<h2>Schemas</h2>");
    openApi.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject()).forEach(e ->
        out.append("<details id=\"schema-").append(escape(e.getKey())).append("\"><summary>").append(escape(e.getKey()))
            .append("</summary><pre>").append(escape(((JsonObject) e.getValue()).encodePrettily())).append("</pre></details>"));
    return out.toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
