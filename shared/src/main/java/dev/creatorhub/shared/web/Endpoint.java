package dev.creatorhub.shared.web;

import io.vertx.ext.web.Router;

/**
 * A domain's REST routes. The gateway gets them from each installed
 * {@link dev.creatorhub.shared.domain.Domain} plug-in and mounts them under
 * {@code /api/v1}, so it never depends on a domain's classes. Endpoints only talk to their domain
 * over the event bus through {@link Routes#request}.
 */
public interface Endpoint {

  void addRoutes(Router api, Routes routes);
}
