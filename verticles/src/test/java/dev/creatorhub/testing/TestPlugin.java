package dev.creatorhub.testing;

import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.web.Endpoint;
import io.vertx.core.Deployable;

import java.util.List;

/**
 * The test domain's plug-in, the test tree's only registration of it: with this entry in
 * {@code META-INF/services} and no platform file edited, a node deploys it ({@code deploy.testsvc}),
 * the gateway routes {@code /api/v1/test/*} and its bridge rooms, and readiness can require it.
 */
public final class TestPlugin implements Domain {

  @Override
  public String name() {
    return TestDomainVerticle.SERVICE;
  }

  @Override
  public Deployable verticle() {
    return new TestDomainVerticle();
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(new TestEndpoint());
  }

  @Override
  public List<BridgeRules> bridgeRules() {
    return List.of(new TestBridgeRules());
  }

  @Override
  public List<String> outboxCollections() {
    return List.of("test_domain_events");
  }

  @Override
  public boolean hasSettings() {
    return false;
  }
}
