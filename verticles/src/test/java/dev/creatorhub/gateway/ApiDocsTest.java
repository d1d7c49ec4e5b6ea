package dev.creatorhub.gateway;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestTokens;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.ResponseContract;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenAPI document is served, browsable offline, every path in it is a real route, every
 * operation is fully described, and its request schemas are the domains' own (the one source the
 * gateway validates against before the bus hop). Its response schemas are checked against every
 * answer the whole suite gets ({@link ResponseContract}).
 */
@Timeout(120)
class ApiDocsTest {

  private static Node node;
  private static Http http;

  @BeforeAll
  static void start() {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1).put("subscriptions", 1));
    node = TestNodes.start(config, false);
    http = new Http(config.getJsonObject("http").getInteger("port"));
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
  }

  @Test
  void theDocumentIsServedAndEveryDocumentedOperationExists() {
    Http.Response doc = http.get("/api/v1/openapi.json");
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.header("Content-Type")).startsWith("application/json");
    JsonObject openApi = doc.json();
    assertThat(openApi.getString("openapi")).isEqualTo("3.1.0");
    JsonObject paths = openApi.getJsonObject("paths");
    assertThat(paths.fieldNames()).hasSizeGreaterThan(20);
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        String concrete = "/api/v1" + path.replaceAll("\\{[^}]+}", "x");
        Http.Response r = http.send(http.request(concrete).method(method.toUpperCase(), HttpRequest.BodyPublishers.noBody()));
        boolean routed = !(r.status() == 404 && r.body().contains("No such API resource")) && r.status() != 405;
        assertThat(routed).as("%s %s → %d %s", method, concrete, r.status(), r.body()).isTrue();
      }
    }
    Http.Response page = http.get("/api/v1/docs");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("/api/v1/tips").contains("Subscribe to a creator").contains("sendTip")
        .contains("request body").contains("answer 201").contains("id=\"schema-Payment\"");
    // Nothing to fetch from elsewhere: it works offline and under the strict CSP.
    assertThat(page.body()).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");
  }

  @Test
  void everyOperationHasAnIdItsParametersAndItsErrorAnswers() {
    JsonObject paths = http.get("/api/v1/openapi.json").json().getJsonObject("paths");
    Set<String> ids = new HashSet<>();
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        JsonObject op = paths.getJsonObject(path).getJsonObject(method);
        String where = method + " " + path;
        assertThat(op.getString("operationId")).as(where).isNotBlank();
        assertThat(ids.add(op.getString("operationId"))).as("unique operationId of " + where).isTrue();
        Set<String> declared = op.getJsonArray("parameters", new JsonArray()).stream().map(p -> (JsonObject) p)
            .filter(p -> "path".equals(p.getString("in"))).map(p -> p.getString("name")).collect(Collectors.toSet());
        Set<String> inPath = new HashSet<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
          inPath.add(m.group(1));
        }
        assertThat(declared).as("path parameters of " + where).isEqualTo(inPath);
        JsonObject responses = op.getJsonObject("responses");
        assertThat(responses.fieldNames()).as(where).contains("429", "4XX")
            .anyMatch(code -> code.startsWith("2") || code.startsWith("3"));
      }
    }
    assertThat(ids).hasSizeGreaterThan(55);
  }

  @Test
  void eachJsonBodysSchemaIsItsDomainsOwnAndEachDomainSchemaHasItsOperation() throws Exception {
    JsonObject served = http.get("/api/v1/openapi.json").json().getJsonObject("paths");
    JsonObject file = new JsonObject(new String(ApiDocsTest.class.getResourceAsStream("/api/openapi.json").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8)).getJsonObject("paths");
    Map<String, JsonObject> inDocument = new HashMap<>();
    for (String path : served.fieldNames()) {
      for (String method : served.getJsonObject(path).fieldNames()) {
        JsonObject json = jsonBody(served.getJsonObject(path).getJsonObject(method));
        if (json != null) {
          inDocument.put(served.getJsonObject(path).getJsonObject(method).getString("operationId"), json.getJsonObject("schema"));
          // The file in the repository holds no second copy: the served schema is filled in from the domain.
          assertThat(jsonBody(file.getJsonObject(path).getJsonObject(method))).as(method + " " + path).isEmpty();
        }
      }
    }
    Map<String, JsonObject> fromDomains = new HashMap<>();
    for (Domain domain : Domain.installed()) {
      domain.requestSchemas(node.config()).forEach((id, schema) -> fromDomains.put(id, schema.json()));
    }
    assertThat(inDocument.keySet()).hasSizeGreaterThan(20).isEqualTo(fromDomains.keySet());
    fromDomains.forEach((id, schema) -> assertThat(inDocument.get(id)).as(id).isEqualTo(schema));
  }

  @Test
  void aBodyIsCheckedAtTheGatewayBeforeItCrossesTheBus() {
    // Neither content nor live runs on this node: a 400 can only come from the gateway.
    String creator = "Bearer " + TestTokens.issue(node.vertx(), node.config(), UUID.randomUUID().toString(), "CREATOR");
    Http.Response invalid = http.post("/api/v1/posts", "application/json", "{\"visibility\":\"SECRET\",\"colour\":1}",
        "Authorization", creator);
    assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
    assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
    assertThat(invalid.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .contains("visibility");
    Http.Response stream = http.post("/api/v1/streams", "application/json", "{\"title\":\"\"}", "Authorization", creator);
    assertThat(stream.status()).as(stream.body()).isEqualTo(400);
    // A valid body goes on to the domain, which is not running here.
    Http.Response valid = http.post("/api/v1/posts", "application/json", "{\"visibility\":\"PUBLIC\",\"text\":\"hi\"}",
        "Authorization", creator);
    assertThat(valid.status()).as(valid.body()).isEqualTo(503);
  }

  @Test
  void everySuccessAnswerWithABodyHasItsSchema() {
    JsonObject paths = http.get("/api/v1/openapi.json").json().getJsonObject("paths");
    int described = 0;
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        JsonObject responses = paths.getJsonObject(path).getJsonObject(method).getJsonObject("responses");
        for (String code : responses.fieldNames()) {
          if (code.startsWith("2") && !code.equals("204")) {
            JsonObject json = responses.getJsonObject(code).getJsonObject("content", new JsonObject()).getJsonObject("application/json");
            assertThat(json).as("%s %s answers %s without a JSON schema", method, path, code).isNotNull();
            assertThat(json.getJsonObject("schema")).as("%s %s %s", method, path, code).isNotNull();
            described++;
          }
        }
      }
    }
    assertThat(described).isGreaterThan(50);
    assertThat(ResponseContract.undescribedAnswers()).isEmpty();
  }

  @Test
  void anAnswerTheDocumentDoesNotDescribeFailsTheTestThatGotIt() {
    String post = new JsonObject().put("liked", true).put("likes", 3).encode();
    ResponseContract.check("POST", "/api/v1/posts/p1/like", 200, "application/json", post);
    // A field it does not name, one it requires missing, a wrong type, an unlisted status: each fails.
    assertThatThrownBy(() -> ResponseContract.check("POST", "/api/v1/posts/p1/like", 200, "application/json",
        new JsonObject(post).put("secret", "x").encode())).isInstanceOf(AssertionError.class).hasMessageContaining("secret");
    assertThatThrownBy(() -> ResponseContract.check("POST", "/api/v1/posts/p1/like", 200, "application/json", "{\"liked\":true}"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("likes");
    assertThatThrownBy(() -> ResponseContract.check("GET", "/api/v1/users/me", 200, "application/json",
        "{\"id\":1}")).isInstanceOf(AssertionError.class).hasMessageContaining("getMe");
    assertThatThrownBy(() -> ResponseContract.check("POST", "/api/v1/posts/p1/like", 202, "application/json", post))
        .isInstanceOf(AssertionError.class).hasMessageContaining("does not list");
    // Problems may carry extensions, but the members RFC 9457 names keep their types.
    ResponseContract.check("GET", "/api/v1/users/me", 401, "application/problem+json",
        "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"anything\":1}");
    assertThatThrownBy(() -> ResponseContract.check("GET", "/api/v1/users/me", 401, "application/problem+json",
        "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":\"401\"}")).isInstanceOf(AssertionError.class);
  }

  private static JsonObject jsonBody(JsonObject operation) {
    return operation.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
        .getJsonObject("application/json");
  }
}
