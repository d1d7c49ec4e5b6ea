package dev.creatorhub.gateway;

import io.vertx.ext.web.RoutingContext;

/** The client's address: the peer, or the first {@code X-Forwarded-For} hop when configured to trust it. */
final class ClientIp {

  private ClientIp() {
  }

  static String of(RoutingContext ctx, boolean trustForwardedFor) {
    if (trustForwardedFor) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        return forwarded.split(",")[0].trim();
      }
    }
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }
}
