package dev.creatorhub.node;

import dev.creatorhub.gateway.GatewayVerticle;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.domain.DomainConfig;
import dev.creatorhub.shared.outbox.OutboxRelayVerticle;
import io.vertx.core.Deployable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The verticles a node can deploy, by the names used in the {@code deploy} config section: the
 * platform's own (gateway, outbox relay) and one per installed {@link Domain} plug-in.
 */
public final class Verticles {

  public static final String GATEWAY = "gateway";
  public static final String OUTBOX_RELAY = "outbox-relay";

  private final Map<String, Supplier<? extends Deployable>> all = new LinkedHashMap<>();

  Verticles(List<Domain> domains) {
    all.put(GATEWAY, GatewayVerticle::new);
    all.put(OUTBOX_RELAY, OutboxRelayVerticle::new);
    for (Domain domain : domains) {
      if (all.putIfAbsent(domain.name(), domain::verticle) != null) {
        throw new IllegalStateException("two verticles are named '" + domain.name() + "': " + domain.getClass().getName()
            + " and an earlier plug-in or platform verticle");
      }
    }
  }

  Supplier<? extends Deployable> get(String name) {
    Supplier<? extends Deployable> supplier = all.get(name);
    if (supplier == null) {
      throw new IllegalArgumentException("unknown verticle '" + name + "' in deploy config; known: " + all.keySet()
          + " (a domain is known when its plug-in is listed in META-INF/services/" + Domain.class.getName() + ")");
    }
    return supplier;
  }

  /** Whether a {@code deploy} key names a verticle ({@code deploy.default} is a count, not one). */
  static boolean isVerticle(String deployKey) {
    return !deployKey.equals(DomainConfig.DEFAULT_COUNT);
  }
}
