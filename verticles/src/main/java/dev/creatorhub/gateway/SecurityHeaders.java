package dev.creatorhub.gateway;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/** Security headers on every response, errors included. The CSP comes from config. */
final class SecurityHeaders implements Handler<RoutingContext> {

  private final String contentSecurityPolicy;

  SecurityHeaders(String contentSecurityPolicy) {
    this.contentSecurityPolicy = contentSecurityPolicy;
  }

  /**
   * Media reach browsers by redirect to presigned S3 URLs: the S3 endpoint's origin is added to
   * {@code img-src} and {@code media-src} (nothing changes when the policy has no such directive or
   * the endpoint is AWS's default, whose URLs a deployment would allow in its configured policy).
   */
  static String withMediaOrigin(String policy, String s3Endpoint) {
    if (policy == null || s3Endpoint == null || s3Endpoint.isBlank()) {
      return policy;
    }
    java.net.URI uri = java.net.URI.create(s3Endpoint);
    String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    StringBuilder out = new StringBuilder();
    for (String directive : policy.split(";")) {
      String trimmed = directive.trim();
      if (trimmed.startsWith("img-src ") || trimmed.startsWith("media-src ")) {
        trimmed = trimmed + " " + origin;
      }
      if (!trimmed.isEmpty()) {
        out.append(out.length() == 0 ? "" : "; ").append(trimmed);
      }
    }
    return out.toString();
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
