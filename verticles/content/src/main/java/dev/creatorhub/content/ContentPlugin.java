package dev.creatorhub.content;

import dev.creatorhub.content.bus.ContentVerticle;
import dev.creatorhub.content.http.ContentEndpoint;
import dev.creatorhub.content.service.ContentSchemas;
import dev.creatorhub.content.service.ContentSettings;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.shared.web.Endpoint;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** The content domain's plug-in (posts, the feed, search). */
public final class ContentPlugin implements Domain {

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
  public Map<String, BodySchema> requestSchemas(JsonObject config) {
    return ContentSchemas.byOperation(ContentSettings.from(config));
  }

  @Override
  public List<String> outboxCollections() {
    return List.of("posts");
  }
}
