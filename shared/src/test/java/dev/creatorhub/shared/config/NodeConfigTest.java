package dev.creatorhub.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeConfigTest {

  private static JsonObject sample() {
    return new JsonObject()
        .put("http", new JsonObject().put("port", 8080).put("host", "127.0.0.1"))
        .put("rateLimits", new JsonObject().put("enabled", true)
            .put("groups", new JsonObject().put("auth", new JsonObject().put("perIp", 30))))
        .put("cluster", new JsonObject().put("members", new JsonArray().add("127.0.0.1:5701")));
  }

  @Test
  void envNamesAreUpperSnakeCase() {
    assertThat(NodeConfig.envName("http.port")).isEqualTo("HTTP_PORT");
    assertThat(NodeConfig.envName("rateLimits.groups.auth.perIp")).isEqualTo("RATE_LIMITS_GROUPS_AUTH_PER_IP");
    assertThat(NodeConfig.envName("deploy.outbox-relay")).isEqualTo("DEPLOY_OUTBOX_RELAY");
    assertThat(NodeConfig.envName("mongo.uri")).isEqualTo("MONGO_URI");
  }

  @Test
  void overridesKeepTheTypeOfTheDefault() {
    Map<String, String> values = Map.of(
        "http.port", "8081",
        "rateLimits.enabled", "false",
        "rateLimits.groups.auth.perIp", "5",
        "cluster.members", "127.0.0.1:5701, 127.0.0.1:5702");
    JsonObject config = NodeConfig.applyOverrides(sample(), values::get);
    assertThat(config.getJsonObject("http").getValue("port")).isEqualTo(8081);
    assertThat(config.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
    assertThat(config.getJsonObject("rateLimits").getValue("enabled")).isEqualTo(false);
    assertThat(config.getJsonObject("rateLimits").getJsonObject("groups").getJsonObject("auth").getValue("perIp")).isEqualTo(5);
    assertThat(config.getJsonObject("cluster").getJsonArray("members"))
        .containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
  }

  @Test
  void aBadOverrideNamesItsVariable() {
    assertThatThrownBy(() -> NodeConfig.applyOverrides(sample(), Map.of("http.port", "eighty")::get))
        .hasMessageContaining("HTTP_PORT").hasMessageContaining("eighty");
    assertThatThrownBy(() -> NodeConfig.applyOverrides(sample(), Map.of("rateLimits.enabled", "yes")::get))
        .hasMessageContaining("RATE_LIMITS_ENABLED");
  }
}
