package dev.creatorhub.gateway.bridge;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;

/** What a browser's command passes before it is sent on, as a REST request does (the gateway's rules). */
public interface CommandPolicy {

  /** The client's address as the REST edge resolves it (a trusted proxy's X-Forwarded-For). */
  String clientIp(SocketAddress peer, MultiMap headers);

  /** Fails with a 429 problem (and {@code retryAfter}) while the address or the user is over the default limit. */
  io.vertx.core.Future<Void> admit(String clientIp, String userId);
}
