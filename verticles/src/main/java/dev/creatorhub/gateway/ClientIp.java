package dev.creatorhub.gateway;

import io.netty.util.NetUtil;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The client's address. {@code X-Forwarded-For} counts only when the peer is one of the configured
 * trusted proxies; then the address is the right-most hop that is not a trusted proxy (a client can
 * prepend anything to the header, but not what our own proxies append).
 */
final class ClientIp {

  /** An IPv4 or IPv6 range in CIDR notation (a bare address is a range of one). */
  record Range(byte[] network, int bits) {
    static Range parse(String cidr) {
      String[] parts = cidr.trim().split("/", 2);
      byte[] address = NetUtil.createByteArrayFromIpAddressString(parts[0]);
      if (address == null) {
        throw new IllegalArgumentException("not an IP address or CIDR range: " + cidr);
      }
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
      if (bits < 0 || bits > address.length * 8) {
        throw new IllegalArgumentException("bad prefix length in " + cidr);
      }
      return new Range(address, bits);
    }

    boolean contains(byte[] address) {
      if (address == null || address.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Range> trusted;

  ClientIp(Iterable<?> trustedProxies) {
    List<Range> ranges = new ArrayList<>();
    trustedProxies.forEach(r -> ranges.add(Range.parse(String.valueOf(r))));
    this.trusted = List.copyOf(ranges);
  }

  String of(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    return resolve(peer, ctx.request().getHeader("X-Forwarded-For"));
  }

  String resolve(String peer, String forwardedFor) {
    if (!isTrusted(peer) || forwardedFor == null || forwardedFor.isBlank()) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
        return client; // garbage before this point is the client's own writing
      }
      client = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    return trusted.stream().anyMatch(range -> range.contains(bytes));
  }
}
