package dev.creatorhub.gateway;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.security.JwtKeys;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestTokens;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's contract on one node: errors, limits, CORS, headers, JWT, health, metrics. */
@Timeout(120)
class GatewayTest {

  private static Node node;
  private static Http http;
  private static JsonObject config;

  @BeforeAll
  static void start() {
    config = TestNodes.config(2);
    node = TestNodes.start(config, true);
    http = new Http(config.getJsonObject("http").getInteger("port"));
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
  }

  private static String token(String userId, String role) {
    return TestTokens.issue(node.vertx(), config, userId, role);
  }

  private static void assertProblem(Http.Response response, int status) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.json();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("requestId")).isEqualTo(response.header("X-Request-Id"));
  }

  @Test
  void unknownRoutesAreProblemJson404() {
    assertProblem(http.get("/api/v1/no/such/thing"), 404);
    assertProblem(http.get("/assets/missing.js"), 404);
    assertProblem(http.post("/api/v1/nothing-here", "application/json", "{}"), 404);
  }

  @Test
  void clientRoutesOfTheWebAppGetIndexHtml() {
    Http.Response page = http.get("/creators/someone");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<html");
  }

  @Test
  void malformedJsonIs400() {
    assertProblem(http.post("/api/v1/test/echo", "application/json", "{\"a\": "), 400);
  }

  @Test
  void wrongContentTypeIs415() {
    assertProblem(http.post("/api/v1/test/echo", "text/plain", "{}"), 415);
    assertProblem(http.post("/api/v1/test/echo", null, "{}"), 415);
  }

  @Test
  void bodyOverTheLimitIs413() {
    int limit = config.getJsonObject("http").getInteger("bodyLimitBytes");
    String big = "{\"x\":\"" + "a".repeat(limit + 10) + "\"}";
    assertProblem(http.post("/api/v1/test/echo", "application/json", big), 413);
    String fits = "{\"x\":\"" + "a".repeat(limit - 100) + "\"}";
    assertThat(http.post("/api/v1/test/echo", "application/json", fits).status()).isEqualTo(200);
  }

  @Test
  void rateLimitGives429WithRetryAfter() {
    // Same client over and over: the 4th request in the window is refused.
    for (int i = 0; i < 3; i++) {
      assertThat(http.get("/api/v1/test/limited").status()).isEqualTo(200);
    }
    Http.Response limited = http.get("/api/v1/test/limited");
    assertProblem(limited, 429);
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 30);
  }

  @Test
  void domainFailuresMapToTheirStatusAndNeverLeakInternals() {
    assertProblem(http.get("/api/v1/test/remote/404"), 404);
    assertProblem(http.get("/api/v1/test/remote/409"), 409);
    assertThat(http.get("/api/v1/test/remote/409").json().getString("detail")).isEqualTo("failed on purpose");
    Http.Response hidden = http.get("/api/v1/test/remote/0");
    assertProblem(hidden, 500);
    assertThat(hidden.body()).doesNotContain("hunter2").doesNotContain("Exception");
    Http.Response crash = http.get("/api/v1/test/crash");
    assertProblem(crash, 500);
    assertThat(crash.body()).doesNotContain("internals").doesNotContain("at dev.");
    assertProblem(http.get("/api/v1/test/nobody"), 503);
  }

  @Test
  void corsAllowsConfiguredOriginsOnlyAndSameOriginAlways() {
    Http.Response preflight = http.send(http.request("/api/v1/test/echo")
        .header("Origin", "https://allowed.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,authorization")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.status()).isBetween(200, 204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://allowed.example");
    Http.Response allowed = http.get("/health/live", "Origin", "https://allowed.example");
    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://allowed.example");

    Http.Response refused = http.get("/health/live", "Origin", "https://evil.example");
    assertProblem(refused, 403);
    assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    Http.Response refusedPreflight = http.send(http.request("/api/v1/test/echo")
        .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(refusedPreflight.status()).isEqualTo(403);

    String self = "http://127.0.0.1:" + config.getJsonObject("http").getInteger("port");
    assertThat(http.post("/api/v1/test/echo", "application/json", "{}", "Origin", self).status()).isEqualTo(200);
  }

  @Test
  void securityHeadersAndRequestIdsOnEveryResponse() {
    for (Http.Response response : List.of(http.get("/health/live"), http.get("/api/v1/missing"), http.get("/"))) {
      assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'").contains("default-src 'self'")
          // media arrive by redirect to presigned S3 URLs
          .containsPattern("img-src [^;]*" + java.util.regex.Pattern.quote(config.getJsonObject("s3").getString("endpoint")));
      assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
      assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(response.header("X-Request-Id")).isNotBlank();
    }
    assertThat(http.get("/health/live", "X-Request-Id", "client-chosen-id-1").header("X-Request-Id"))
        .isEqualTo("client-chosen-id-1");
    assertThat(http.get("/health/live", "X-Request-Id", "bad id <script>").header("X-Request-Id"))
        .isNotEqualTo("bad id <script>");
  }

  @Test
  void validTokensIdentifyTheCallerAndTheGatewayOverwritesIdentityHeaders() {
    Http.Response me = http.get("/api/v1/test/whoami", "Authorization", "Bearer " + token("user-1", "SUBSCRIBER"));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("id")).isEqualTo("user-1");
    assertProblem(http.get("/api/v1/test/whoami"), 401);

    Http.Response echo = http.post("/api/v1/test/echo", "application/json", "{}",
        "Authorization", "Bearer " + token("user-2", "CREATOR"), BusHeaders.USER_ID, "forged");
    assertThat(echo.json().getJsonObject("headers").getString(BusHeaders.USER_ID)).isEqualTo("user-2");
    assertThat(echo.json().getJsonObject("headers").getString(BusHeaders.USER_ROLE)).isEqualTo("CREATOR");
  }

  @Test
  void badTokensAreRefused() throws Exception {
    String valid = token("user-3", "SUBSCRIBER");
    String[] parts = valid.split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();

    long now = System.currentTimeMillis() / 1000;
    String expired = TestTokens.issue(node.vertx(), config, new JsonObject().put("sub", "user-3").put("role", "SUBSCRIBER")
        .put("iat", now - 1000).put("exp", now - 60), new JWTOptions().setNoTimestamp(true));
    String wrongAudience = TestTokens.issue(node.vertx(), config, "user-3", "SUBSCRIBER",
        new JWTOptions().setAudience(List.of("someone-else")));
    String wrongIssuer = TestTokens.issue(node.vertx(), config, "user-3", "SUBSCRIBER", new JWTOptions().setIssuer("evil"));
    String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    String tampered = parts[0] + "." + b64.encodeToString(claims.put("role", "ADMIN").encode().getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];
    Path other = Files.createTempDirectory("other-keys");
    JwtKeys.generate(other.resolve("pub.pem"), other.resolve("priv.pem"));
    JWTAuth otherAuth = JwtKeys.of(Files.readString(other.resolve("pub.pem")), Files.readString(other.resolve("priv.pem")))
        .auth(node.vertx(), config);
    String otherKey = otherAuth.generateToken(new JsonObject().put("sub", "user-3").put("role", "ADMIN"),
        new JWTOptions().setAlgorithm("ES256").setIssuer("creatorhub").setAudience(List.of("creatorhub-api")));

    // Key confusion: HS256 "signed" with the public key as the HMAC secret.
    String hsHeader = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(Files.readAllBytes(Path.of(config.getJsonObject("jwt").getString("publicKeyFile"))),
        "HmacSHA256"));
    String hs256 = hsHeader + "." + parts[1] + "." + b64.encodeToString(mac.doFinal((hsHeader + "." + parts[1])
        .getBytes(StandardCharsets.US_ASCII)));

    java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("HS256 with the public key", hs256);
    cases.put("expired", expired);
    cases.put("wrong audience", wrongAudience);
    cases.put("wrong issuer", wrongIssuer);
    cases.put("alg none", none);
    cases.put("tampered", tampered);
    cases.put("another key", otherKey);
    cases.put("garbage", "garbage");
    cases.forEach((name, bad) -> assertThat(http.get("/api/v1/test/whoami", "Authorization", "Bearer " + bad).status())
        .as(name).isEqualTo(401));
    assertProblem(http.get("/api/v1/test/whoami", "Authorization", "Bearer " + expired), 401);
    assertProblem(http.get("/api/v1/test/whoami", "Authorization", "Basic dXNlcjpwYXNz"), 401);
  }

  @Test
  void healthLiveAndReadyNameEveryCheck() {
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    Http.Response ready = http.get("/health/ready");
    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
    List<String> ids = ready.json().getJsonArray("checks").stream()
        .map(c -> ((JsonObject) c).getString("id")).toList();
    assertThat(ids).contains("mongo", "redis", "kafka", "s3", "cluster");
    assertThat(ready.json().getJsonArray("checks")).allMatch(c -> "UP".equals(((JsonObject) c).getString("status")));
  }

  @Test
  void metricsArePrometheusTextOnTheManagementPortOnly() {
    http.get("/health/live");
    Http.Response metrics = new Http(node.info().getInteger("managementPort")).get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes");
    Http.Response publicPort = http.get("/metrics");
    assertProblem(publicPort, 404);
    assertThat(publicPort.body()).doesNotContain("jvm_memory_used_bytes");
  }

  /** What the server answers to bytes written straight to its socket (requests an HTTP client would not send). */
  private static String raw(String request) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", config.getJsonObject("http").getInteger("port"))) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void requestsTheCodecRefusesAreProblemJsonToo() throws Exception {
    String tooLongLine = raw("GET /api/v1/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    String tooManyHeaders = raw("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
    String garbage = raw("THIS IS NOT HTTP\r\n\r\n");
    for (String[] expected : new String[][] {{tooLongLine, "414"}, {tooManyHeaders, "431"}, {garbage, "400"}}) {
      String answer = expected[0];
      assertThat(answer).as(answer).matches("(?s)HTTP/1\\.[01] " + expected[1] + " .*");
      assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
      JsonObject problem = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(problem.getInteger("status")).isEqualTo(Integer.parseInt(expected[1]));
      assertThat(problem.getString("detail")).isNotBlank();
    }
  }

  @Test
  void onlyTheConfiguredHostsAreServed() throws Exception {
    // A DNS-rebinding page: its own name, pointed at us.
    String rebound = raw("GET /api/v1/openapi.json HTTP/1.1\r\nHost: evil.example:8080\r\nOrigin: http://evil.example:8080\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(rebound).matches("(?s)HTTP/1\\.1 421 .*").contains("application/problem+json").doesNotContain("3.1.0");
    assertThat(raw("GET /api/v1/openapi.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    assertThat(raw("GET /health/live HTTP/1.1\r\nHost: app-node-1:8080\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
  }

  @Test
  void theContentSecurityPolicyOpensOnlyWhatTheConfiguredServicesNeed() {
    String served = http.get("/health/live").header("Content-Security-Policy");
    assertThat(served).contains("connect-src 'self';").doesNotContain("ws:").doesNotContain("stripe");
    JsonObject stripe = config.copy();
    stripe.getJsonObject("payments").put("provider", "stripe");
    stripe.getJsonObject("live").getJsonObject("agora").put("appId", "agora-app");
    String policy = SecurityHeaders.policy(stripe);
    assertThat(policy).contains("script-src 'self' https://js.stripe.com")
        .contains("frame-src https://js.stripe.com https://hooks.stripe.com")
        .contains("connect-src 'self' https://api.stripe.com https://*.agora.io wss://*.agora.io")
        .contains("img-src 'self' data: blob: " + config.getJsonObject("s3").getString("endpoint").replaceAll("/$", ""));
  }

  @Test
  void clusterViewIsForAdminsOnly() {
    assertProblem(http.get("/api/v1/admin/cluster"), 401);
    assertProblem(http.get("/api/v1/admin/cluster", "Authorization", "Bearer " + token("u-4", "SUBSCRIBER")), 403);
    Http.Response view = http.get("/api/v1/admin/cluster", "Authorization", "Bearer " + token("admin-1", "ADMIN"));
    assertThat(view.status()).isEqualTo(200);
    JsonObject self = view.json().getJsonArray("nodes").getJsonObject(0);
    assertThat(self.getString("nodeId")).isEqualTo(node.id());
    assertThat(self.getJsonObject("verticles").getInteger("gateway")).isEqualTo(2);
  }
}
