package dev.creatorhub.testing;

import dev.creatorhub.shared.bridge.BridgeRules;

import java.util.List;
import java.util.Set;

/** Opens the test echo command and the test rooms on the bridge (test classpath only). */
public class TestBridgeRules implements BridgeRules {

  @Override
  public Set<String> inbound() {
    return Set.of(TestDomainVerticle.ECHO, TestDomainVerticle.FAIL);
  }

  @Override
  public List<OutboundRule> outbound() {
    return List.of(new OutboundRule("test\\.room\\.[A-Za-z0-9_-]+", TestDomainVerticle.ROOM_AUTHORIZE));
  }
}
