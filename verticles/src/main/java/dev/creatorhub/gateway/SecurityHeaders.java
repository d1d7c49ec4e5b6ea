package dev.creatorhub.gateway;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Security headers on every response, errors included. The CSP comes from config. */
final class SecurityHeaders implements Handler<RoutingContext> {

  private final String contentSecurityPolicy;

  SecurityHeaders(String contentSecurityPolicy) {
    this.contentSecurityPolicy = contentSecurityPolicy;
  }

  /**
   * The CSP of this deployment: the configured policy plus what the configured services need and
   * nothing more. Media reach browsers as presigned S3 URLs (the S3 origin joins {@code img-src} and
   * {@code media-src}); with the Stripe provider, Stripe.js and its frames and API; with Agora, its
   * signaling hosts. {@code connect-src} stays {@code 'self'} otherwise (the bridge is same-origin).
   */
  static String policy(JsonObject config) {
    java.util.Map<String, java.util.List<String>> add = new java.util.LinkedHashMap<>();
    String s3 = config.getJsonObject("s3").getString("endpoint");
    if (s3 != null && !s3.isBlank()) {
      java.net.URI uri = java.net.URI.create(s3);
      String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
      add.put("img-src", java.util.List.of(origin));
      add.put("media-src", java.util.List.of(origin));
    }
    if ("stripe".equals(config.getJsonObject("payments").getString("provider"))) {
      add.put("script-src", java.util.List.of("https://js.stripe.com"));
      add.put("frame-src", java.util.List.of("https://js.stripe.com", "https://hooks.stripe.com"));
      add.put("connect-src", new java.util.ArrayList<>(java.util.List.of("https://api.stripe.com")));
    }
    if (!config.getJsonObject("live").getJsonObject("agora").getString("appId", "").isBlank()) {
      add.computeIfAbsent("connect-src", k -> new java.util.ArrayList<>())
          .addAll(java.util.List.of("https://*.agora.io", "wss://*.agora.io", "https://*.sd-rtn.com", "wss://*.sd-rtn.com"));
    }
    return extend(config.getJsonObject("http").getString("contentSecurityPolicy"), add);
  }

  /** Adds sources to directives (creating a directive that is missing). */
  static String extend(String policy, java.util.Map<String, java.util.List<String>> sources) {
    java.util.Map<String, String> directives = new java.util.LinkedHashMap<>();
    for (String directive : policy.split(";")) {
      String trimmed = directive.trim();
      if (!trimmed.isEmpty()) {
        int space = trimmed.indexOf(' ');
        directives.put(space < 0 ? trimmed : trimmed.substring(0, space), trimmed);
      }
    }
    sources.forEach((name, extra) -> directives.merge(name, name + " " + String.join(" ", extra),
        (existing, added) -> existing + " " + String.join(" ", extra)));
    return String.join("; ", directives.values());
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("Content-Security-Policy", contentSecurityPolicy);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set("Permissions-Policy", "camera=(self), microphone=(self), geolocation=(), payment=()");
    ctx.next();
  }
}
