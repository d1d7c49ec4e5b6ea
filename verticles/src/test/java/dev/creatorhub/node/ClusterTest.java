package dev.creatorhub.node;

import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestTokens;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestDomainVerticle;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Two real clustered nodes: requests cross nodes, the cluster view and readiness follow membership. */
@Timeout(180)
class ClusterTest {

  @Test
  void aRequestThroughNodeBReachesADomainOnlyOnNodeAAndReadinessFollowsMembership() {
    JsonObject configA = TestNodes.config(1);
    configA.getJsonObject("health").put("requiredServices", new JsonArray().add(TestDomainVerticle.SERVICE));
    JsonObject configB = configA.copy();
    configB.getJsonObject("http").put("port", dev.creatorhub.devstack.Ports.free());
    Node a = TestNodes.start(configA, true);
    Node b = TestNodes.start(configB, false);
    try {
      Http viaB = new Http(configB.getJsonObject("http").getInteger("port"));
      String admin = TestTokens.issue(b.vertx(), configB, "admin-1", "ADMIN");

      Await.poll(() -> viaB.get("/api/v1/admin/cluster", "Authorization", "Bearer " + admin).json().getJsonArray("nodes").size() == 2,
          30_000, "both nodes in the cluster view");
      JsonObject view = viaB.get("/api/v1/admin/cluster", "Authorization", "Bearer " + admin).json();
      Map<String, JsonObject> nodes = view.getJsonArray("nodes").stream().map(n -> (JsonObject) n)
          .collect(Collectors.toMap(n -> n.getString("nodeId"), n -> n));
      assertThat(nodes.keySet()).containsExactlyInAnyOrder(a.id(), b.id());
      assertThat(nodes.get(a.id()).getString("status")).isEqualTo("UP");
      assertThat(nodes.get(a.id()).getJsonObject("verticles").getInteger("gateway")).isEqualTo(1);
      // The test domain, deployed from its plug-in alone.
      assertThat(nodes.get(a.id()).getJsonObject("verticles").getInteger(TestDomainVerticle.SERVICE)).isEqualTo(1);
      assertThat(nodes.get(b.id()).getJsonObject("verticles").containsKey(TestDomainVerticle.SERVICE)).isFalse();
      assertThat(nodes.get(b.id()).getInteger("httpPort")).isEqualTo(configB.getJsonObject("http").getInteger("port"));

      Http.Response echo = viaB.post("/api/v1/test/echo", "application/json", "{\"via\":\"B\"}");
      assertThat(echo.status()).isEqualTo(200);
      assertThat(echo.json().getString("node")).isEqualTo(a.id());

      Http.Response ready = viaB.get("/health/ready");
      assertThat(ready.status()).as(ready.body()).isEqualTo(200);
      assertThat(statuses(ready.json())).containsEntry("service:testsvc", "UP").containsEntry("cluster", "UP");

      Await.result(a.stop());

      Await.poll(() -> viaB.get("/api/v1/admin/cluster", "Authorization", "Bearer " + admin).json().getJsonArray("nodes").size() == 1,
          30_000, "node A gone from the cluster view");
      JsonObject after = viaB.get("/api/v1/admin/cluster", "Authorization", "Bearer " + admin).json();
      assertThat(after.getJsonArray("nodes").getJsonObject(0).getString("nodeId")).isEqualTo(b.id());

      Http.Response notReady = viaB.get("/health/ready");
      assertThat(notReady.status()).isEqualTo(503);
      Map<String, String> checks = statuses(notReady.json());
      assertThat(checks).containsEntry("service:testsvc", "DOWN");
      for (String healthy : List.of("mongo", "redis", "kafka", "s3", "cluster")) {
        assertThat(checks).containsEntry(healthy, "UP");
      }
      assertThat(viaB.post("/api/v1/test/echo", "application/json", "{}").status()).isEqualTo(503);
    } finally {
      Await.result(b.stop());
      a.stop();
    }
  }

  private static Map<String, String> statuses(JsonObject health) {
    return health.getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .collect(Collectors.toMap(c -> c.getString("id"), c -> c.getString("status")));
  }
}
