package dev.creatorhub.content;

import dev.creatorhub.content.bus.ContentVerticle;
import dev.creatorhub.content.http.ContentEndpoint;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.web.Endpoint;
import io.vertx.core.Deployable;

import java.util.List;

/** The content domain's plug-in (posts, the feed, search). */
public final class ContentDomain implements Domain {

  @Override
  public String name() {
    return ContentAddresses.SERVICE;
  }

  @Override
  public Deployable verticle() {
    return new ContentVerticle();
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(new ContentEndpoint());
  }

  @Override
  public List<String> outboxCollections() {
    return List.of("posts");
  }
}
