package dev.creatorhub.shared.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fills the parts of a node's configuration that follow from the installed domains, where the
 * configuration does not set them: a {@code deploy.<name>} count per domain ({@code deploy.default},
 * 0 without one), {@code health.requiredServices} and {@code outbox.collections}.
 */
public final class DomainConfig {

  /** The key of {@code deploy} that is a count for unlisted domains, not a verticle. */
  public static final String DEFAULT_COUNT = "default";

  private DomainConfig() {
  }

  /** Completes {@code config} in place from {@code domains}; what it already sets stays. */
  public static JsonObject complete(JsonObject config, List<Domain> domains) {
    JsonObject deploy = child(config, "deploy");
    int unlisted = deploy.getInteger(DEFAULT_COUNT, 0);
    for (Domain domain : domains) {
      if (domain.name().equals(DEFAULT_COUNT) || !domain.name().matches("[a-z][a-z0-9-]*")) {
        throw new IllegalStateException("domain plug-in " + domain.getClass().getName() + " has an invalid name '"
            + domain.name() + "' (lower-case letters, digits and '-', not '" + DEFAULT_COUNT + "')");
      }
      if (!deploy.containsKey(domain.name())) {
        deploy.put(domain.name(), unlisted);
      }
    }
    JsonObject health = child(config, "health");
    if (!health.containsKey("requiredServices")) {
      health.put("requiredServices", new JsonArray(domains.stream().filter(Domain::requiredForReadiness).map(Domain::name).toList()));
    }
    JsonObject outbox = child(config, "outbox");
    if (!outbox.containsKey("collections")) {
      Set<String> collections = new LinkedHashSet<>();
      domains.forEach(d -> collections.addAll(d.outboxCollections()));
      outbox.put("collections", new JsonArray(List.copyOf(collections)));
    }
    return config;
  }

  /** Completes {@code config} from the plug-ins on this classpath. */
  public static JsonObject complete(JsonObject config) {
    return complete(config, Domain.installed());
  }

  /** The first deployed domain whose settings section is missing, as a message; null when none is. */
  public static String missingSettings(JsonObject config, List<Domain> domains) {
    JsonObject deploy = child(config, "deploy");
    for (Domain domain : domains) {
      if (domain.hasSettings() && deploy.getInteger(domain.name(), 0) > 0 && !(config.getValue(domain.name()) instanceof JsonObject)) {
        return "the configuration has no '" + domain.name() + "' section, which the " + domain.name()
            + " domain needs (conf/default.json carries one per domain)";
      }
    }
    return null;
  }

  private static JsonObject child(JsonObject config, String key) {
    JsonObject child = config.getJsonObject(key);
    if (child == null) {
      child = new JsonObject();
      config.put(key, child);
    }
    return child;
  }
}
