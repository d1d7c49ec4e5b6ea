package dev.creatorhub.subscriptions;

import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.subscriptions.bus.SubscriptionsVerticle;
import dev.creatorhub.subscriptions.http.SubscriptionsEndpoint;
import io.vertx.core.Deployable;

import java.util.List;

/** The subscriptions domain's plug-in (fans' subscriptions to creators, renewals). */
public final class SubscriptionsDomain implements Domain {

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
  public List<String> outboxCollections() {
    return List.of("subscriptions");
  }
}
