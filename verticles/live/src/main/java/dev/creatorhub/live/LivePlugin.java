package dev.creatorhub.live;

import dev.creatorhub.live.bus.LiveVerticle;
import dev.creatorhub.live.http.LiveBridgeRules;
import dev.creatorhub.live.http.LiveEndpoint;
import dev.creatorhub.live.service.LiveSchemas;
import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.shared.web.Endpoint;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** The live domain's plug-in (streams, rooms, chat and tips). */
public final class LivePlugin implements Domain {

  @Override
  public String name() {
    return LiveAddresses.SERVICE;
  }

  @Override
  public Deployable verticle() {
    return new LiveVerticle();
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(new LiveEndpoint());
  }

  @Override
  public List<BridgeRules> bridgeRules() {
    return List.of(new LiveBridgeRules());
  }

  @Override
  public Map<String, BodySchema> requestSchemas(JsonObject config) {
    return LiveSchemas.byOperation();
  }

  @Override
  public List<String> outboxCollections() {
    return List.of("streams");
  }
}
