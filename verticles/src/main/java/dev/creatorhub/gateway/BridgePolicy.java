package dev.creatorhub.gateway;

import dev.creatorhub.gateway.bridge.CommandPolicy;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;

/** The REST edge's rules for the bridge's commands: the client's address as REST resolves it, the default rate limit. */
final class BridgePolicy implements CommandPolicy {

  private final RateLimiter limiter;
  private final ClientIp clientIp;

  BridgePolicy(RateLimiter limiter, ClientIp clientIp) {
    this.limiter = limiter;
    this.clientIp = clientIp;
  }

  @Override
  public String clientIp(SocketAddress peer, MultiMap headers) {
    return clientIp.resolve(peer == null ? "unknown" : peer.hostAddress(), headers == null ? null : headers.get("X-Forwarded-For"));
  }

  @Override
  public Future<Void> admit(String ip, String userId) {
    return limiter.admit("default", ip, userId);
  }
}
