package dev.creatorhub.subscriptions;

import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.subscriptions.bus.SubscriptionsVerticle;
import dev.creatorhub.subscriptions.http.SubscriptionsEndpoint;
import dev.creatorhub.subscriptions.service.SubscriptionsSchemas;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** The subscriptions domain's plug-in (fans' subscriptions to creators, renewals). */
public final class SubscriptionsPlugin implements Domain {

  @Override
  public String name() {
    return SubscriptionsAddresses.SERVICE;
  }

  @Override
  public Deployable verticle() {
    return new SubscriptionsVerticle();
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(new SubscriptionsEndpoint());
  }

  @Override
  public Map<String, BodySchema> requestSchemas(JsonObject config) {
    return SubscriptionsSchemas.byOperation();
  }

  @Override
  public List<String> outboxCollections() {
    return List.of("subscriptions");
  }
}
