package dev.creatorhub.gateway.bridge;

import java.util.concurrent.atomic.AtomicLong;

/** The bridge's gauges and counters in the node's metrics registry (none without one). */
final class BridgeMetrics {

  private BridgeMetrics() {
  }

  static void register(Fanout fanout, String metricsRegistry) {
    io.micrometer.core.instrument.MeterRegistry registry = metricsRegistry == null ? null
        : io.vertx.micrometer.backends.BackendRegistries.getNow(metricsRegistry);
    if (registry != null) {
      io.micrometer.core.instrument.Gauge.builder("creatorhub.bridge.subscriptions", fanout, Fanout::subscribers)
          .description("room subscriptions of this node's sockets").register(registry);
      io.micrometer.core.instrument.FunctionCounter.builder("creatorhub.bridge.deliveries", fanout.delivered, AtomicLong::get)
          .description("room messages written to sockets").register(registry);
      io.micrometer.core.instrument.FunctionCounter.builder("creatorhub.bridge.dropped", fanout.dropped, AtomicLong::get)
          .description("room messages not written because a socket's queue was full").register(registry);
    }
  }
}
