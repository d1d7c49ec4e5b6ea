package dev.creatorhub.shared.domain;

import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.shared.web.Endpoint;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A domain's plug-in: everything the node needs to know about it, in one place. Each domain lists
 * one implementation in {@code META-INF/services/dev.creatorhub.shared.domain.Domain}; the node's
 * deploy list, the gateway's routes and bridge rules, readiness and the outbox relay's collections
 * are derived from the installed plug-ins ({@link DomainConfig}), so adding a domain edits no
 * platform file.
 */
public interface Domain {

  /**
   * The domain's one name: its {@code deploy.<name>} count, its readiness check
   * ({@code <name>.ping}, {@code service:<name>}) and its settings section {@code <name>}.
   */
  String name();

  /** A new instance of the domain's verticle (the node deploys {@code deploy.<name>} of them). */
  Deployable verticle();

  /** Its REST routes, mounted by the gateway under {@code /api/v1}. */
  default List<Endpoint> endpoints() {
    return List.of();
  }

  /** What it opens on the browser bridge (deny-by-default otherwise). */
  default List<BridgeRules> bridgeRules() {
    return List.of();
  }

  /**
   * The schemas of its REST request bodies, by the API document's {@code operationId}: the one
   * source the gateway validates against before the bus hop and publishes in {@code openapi.json}
   * (the domain's services check the same objects). {@code config} is the node's configuration,
   * for limits that are settings.
   */
  default Map<String, BodySchema> requestSchemas(JsonObject config) {
    return Map.of();
  }

  /** The collections whose documents carry outbox events the relay publishes to Kafka. */
  default List<String> outboxCollections() {
    return List.of();
  }

  /** Whether a gateway is ready only while some node answers this domain's ping. */
  default boolean requiredForReadiness() {
    return true;
  }

  /** Whether its settings section {@code <name>} must be present for the node to start it. */
  default boolean hasSettings() {
    return true;
  }

  /** The plug-ins on this classpath, in the order their service files list them. */
  static List<Domain> installed() {
    return ServiceLoader.load(Domain.class).stream().map(ServiceLoader.Provider::get).toList();
  }
}
