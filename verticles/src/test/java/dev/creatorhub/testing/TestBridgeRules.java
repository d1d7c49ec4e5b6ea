package dev.creatorhub.testing;

import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.validation.BodySchema;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** Opens the test echo command and the test rooms on the bridge (test classpath only). */
public class TestBridgeRules implements BridgeRules {

  @Override
  public Map<String, BodySchema> inbound() {
    BodySchema any = BodySchema.of(new JsonObject().put("type", "object"));
    return Map.of(TestDomainVerticle.ECHO, any, TestDomainVerticle.FAIL, any);
  }

  @Override
  public List<OutboundRule> outbound() {
    return List.of(new OutboundRule("test\\.room\\.[A-Za-z0-9_-]+", TestDomainVerticle.ROOM_AUTHORIZE));
  }
}
