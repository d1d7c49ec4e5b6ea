package dev.creatorhub.shared.bridge;

import java.util.List;
import java.util.Set;

/**
 * What a domain opens on the SockJS event-bus bridge. The gateway finds implementations with
 * {@link java.util.ServiceLoader}. The bridge is deny-by-default: a browser may only {@code send} to
 * the exact inbound addresses listed here, and only {@code register} to an outbound address that
 * matches a rule whose authorizer says yes for the verified user.
 */
public interface BridgeRules {

  /** Exact command addresses browsers may send to (never publish). */
  Set<String> inbound();

  /** Address patterns browsers may register to, each with the address that authorizes a user. */
  List<OutboundRule> outbound();

  /**
   * {@code authorizeAddress} receives {@code {address, userId, role}} and replies
   * {@code {allowed: true|false}}; no reply or a failure counts as no.
   */
  record OutboundRule(String addressRegex, String authorizeAddress) {
  }
}
