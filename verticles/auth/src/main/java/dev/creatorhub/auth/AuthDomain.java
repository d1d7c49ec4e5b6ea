package dev.creatorhub.auth;

import dev.creatorhub.auth.bus.AuthVerticle;
import dev.creatorhub.auth.http.AuthEndpoint;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.web.Endpoint;
import io.vertx.core.Deployable;

import java.util.List;

/** The auth domain's plug-in (accounts, sessions, tokens). */
public final class AuthDomain implements Domain {

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
  public List<String> outboxCollections() {
    return List.of("users");
  }
}
