package dev.creatorhub.auth;

import dev.creatorhub.auth.bus.AuthVerticle;
import dev.creatorhub.auth.http.AuthEndpoint;
import dev.creatorhub.auth.service.AuthSchemas;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.shared.web.Endpoint;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** The auth domain's plug-in (accounts, sessions, tokens). */
public final class AuthPlugin implements Domain {

  @Override
  public String name() {
    return AuthAddresses.SERVICE;
  }

  @Override
  public Deployable verticle() {
    return new AuthVerticle();
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(new AuthEndpoint());
  }

  @Override
  public Map<String, BodySchema> requestSchemas(JsonObject config) {
    return AuthSchemas.byOperation();
  }

  @Override
  public List<String> outboxCollections() {
    return List.of("users");
  }
}
