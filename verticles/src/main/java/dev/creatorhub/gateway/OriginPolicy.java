package dev.creatorhub.gateway;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.List;
import java.util.Set;

/**
 * Which hosts we answer for and which browser origins may call us. A request naming a host that is
 * not in {@code http.allowedHosts} is refused (421), so a DNS-rebinding page cannot pass itself off
 * as same-origin; after that check our own origin (the request's Host) is always allowed, others only
 * from the configured allow-list. Used for CORS and for the event-bus bridge's WebSocket origin check.
 */
public final class OriginPolicy {

  private final List<String> allowed;
  private final Set<String> hosts;
  private final CorsHandler cors;

  OriginPolicy(List<String> allowed, List<String> allowedHosts) {
    this.hosts = allowedHosts.stream().map(OriginPolicy::normalize).collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.allowed = List.copyOf(allowed);
    this.cors = allowed.isEmpty() ? null : CorsHandler.create()
        .addOrigins(this.allowed)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "X-CSRF-Token", "X-Refresh-Token"))
        .allowCredentials(true)
        .exposedHeaders(Set.of("X-Request-Id", "Retry-After", "Location"))
        .maxAgeSeconds(600);
  }

  /** The authority the client addressed ({@code Host} in HTTP/1.1, {@code :authority} in HTTP/2). */
  static String host(io.vertx.core.http.HttpServerRequest request) {
    io.vertx.core.net.HostAndPort authority = request.authority();
    if (authority == null) {
      return null;
    }
    return authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
  }

  private static String normalize(String host) {
    String h = host.trim().toLowerCase(java.util.Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** Refuses requests for hosts we do not serve; health checks (probes name the container) pass. */
  Handler<RoutingContext> hostHandler() {
    return ctx -> {
      io.vertx.core.net.HostAndPort authority = ctx.request().authority();
      if (authority == null || hosts.contains("*") || hosts.contains(normalize(authority.host()))
          || ctx.normalizedPath().startsWith("/health/")) {
        ctx.next();
      } else {
        ctx.fail(new ApiException(421, "This server does not answer for host " + authority.host() + "."));
      }
    };
  }

  public boolean allows(String origin, String host) {
    return origin == null || sameOrigin(origin, host) || allowed.contains(origin);
  }

  private static boolean sameOrigin(String origin, String host) {
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  /** CORS for cross-origin requests; same-origin and non-browser requests pass untouched. */
  Handler<RoutingContext> corsHandler() {
    return ctx -> {
      String origin = ctx.request().getHeader("Origin");
      String host = host(ctx.request());
      if (origin == null || sameOrigin(origin, host)) {
        ctx.next();
      } else if (cors == null || !allowed.contains(origin)) {
        ctx.fail(new ApiException(403, "Origin " + origin + " is not allowed."));
      } else {
        cors.handle(ctx);
      }
    };
  }
}
