package dev.creatorhub.node;

import dev.creatorhub.auth.bus.AuthVerticle;
import dev.creatorhub.gateway.GatewayVerticle;
import dev.creatorhub.payments.bus.PaymentsVerticle;
import dev.creatorhub.subscriptions.bus.SubscriptionsVerticle;
import dev.creatorhub.uploads.bus.UploadsVerticle;
import dev.creatorhub.content.bus.ContentVerticle;
import dev.creatorhub.live.bus.LiveVerticle;
import dev.creatorhub.shared.outbox.OutboxRelayVerticle;
import io.vertx.core.Deployable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The verticles a node can deploy, by the names used in the {@code deploy} config section. */
public final class Verticles {

  public static final String GATEWAY = "gateway";

  private static final Map<String, Supplier<? extends Deployable>> ALL = new LinkedHashMap<>();

  static {
    ALL.put(GATEWAY, GatewayVerticle::new);
    ALL.put("auth", AuthVerticle::new);
    ALL.put("payments", PaymentsVerticle::new);
    ALL.put("subscriptions", SubscriptionsVerticle::new);
    ALL.put("uploads", UploadsVerticle::new);
    ALL.put("content", ContentVerticle::new);
    ALL.put("live", LiveVerticle::new);
    ALL.put("outbox-relay", OutboxRelayVerticle::new);
  }

  private Verticles() {
  }

  public static Supplier<? extends Deployable> get(String name) {
    Supplier<? extends Deployable> supplier = ALL.get(name);
    if (supplier == null) {
      throw new IllegalArgumentException("unknown verticle '" + name + "' in deploy config; known: " + ALL.keySet());
    }
    return supplier;
  }

  public static Set<String> names() {
    return ALL.keySet();
  }
}
