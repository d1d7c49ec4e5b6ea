package dev.creatorhub.gateway;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document is served, browsable, and every path in it is a real route. */
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
    assertThat(page.body()).contains("/api/v1/tips").contains("Subscribe to a creator");
  }
}
