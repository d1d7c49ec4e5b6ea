package dev.creatorhub.node;

import dev.creatorhub.devstack.DevStack;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.domain.DomainConfig;
import dev.creatorhub.testing.TestDomainVerticle;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node derives from the installed plug-ins: the test tree adds one (the test domain) through
 * its service file alone, and it appears in the deploy list, readiness and the relay's collections.
 * ClusterTest shows it deployed, routed, ready and in the cluster view.
 */
class DomainPluginTest {

  @Test
  void theInstalledDomainsAreTheSixPlusTheTestTreesOwn() {
    assertThat(Domain.installed().stream().map(Domain::name))
        .containsExactlyInAnyOrder("auth", "payments", "subscriptions", "uploads", "content", "live", TestDomainVerticle.SERVICE);
  }

  @Test
  void theDefaultConfigurationIsCompletedFromThePlugIns() throws Exception {
    JsonObject config = DomainConfig.complete(new JsonObject(Files.readString(DevStack.locate("conf/default.json"))));
    // Not named in conf/: deploy.default instances.
    assertThat(config.getJsonObject("deploy").getInteger(TestDomainVerticle.SERVICE)).isEqualTo(1);
    assertThat(config.getJsonObject("deploy").getInteger("auth")).isEqualTo(1);
    assertThat(config.getJsonObject("health").getJsonArray("requiredServices").getList())
        .containsExactlyInAnyOrder("auth", "payments", "subscriptions", "uploads", "content", "live", TestDomainVerticle.SERVICE);
    assertThat(config.getJsonObject("outbox").getJsonArray("collections").getList())
        .containsExactlyInAnyOrder("users", "journal", "subscriptions", "media", "posts", "streams", "test_domain_events");
  }

  @Test
  void whatTheConfigurationSetsStays() {
    JsonObject config = new JsonObject()
        .put("deploy", new JsonObject().put("gateway", 1).put("auth", 3))
        .put("health", new JsonObject().put("requiredServices", new io.vertx.core.json.JsonArray().add("auth")));
    DomainConfig.complete(config);
    // No deploy.default: a domain the section does not name is not deployed.
    assertThat(config.getJsonObject("deploy").getMap()).containsEntry("auth", 3).containsEntry("payments", 0)
        .containsEntry(TestDomainVerticle.SERVICE, 0);
    assertThat(config.getJsonObject("health").getJsonArray("requiredServices").getList()).containsExactly("auth");
  }

  @Test
  void aDeployedDomainWithoutItsSettingsSectionStopsTheStartWithAClearMessage() throws Exception {
    JsonObject config = new JsonObject(Files.readString(DevStack.locate("conf/default.json")));
    config.remove("payments");
    Throwable failure = Node.start(config).toCompletionStage().toCompletableFuture()
        .handle((node, err) -> err).get(10, TimeUnit.SECONDS);
    assertThat(failure).hasMessageContaining("no 'payments' section");
  }
}
