package dev.creatorhub.shared.bridge;

import dev.creatorhub.shared.validation.BodySchema;

import java.util.List;
import java.util.Map;

/**
 * What a domain opens on the SockJS event-bus bridge. The gateway gets them from each installed
 * {@link dev.creatorhub.shared.domain.Domain} plug-in. The bridge is deny-by-default: a browser may only {@code send} to
 * the exact inbound addresses listed here, and only {@code register} to an outbound address that
 * matches a rule whose authorizer says yes for the verified user.
 */
public interface BridgeRules {

  /**
   * Published cluster-wide with {@code {userId}} when something that opened a registration for that
   * user may have ended (a refund, a chargeback, a revoked grant): every node asks the authorizers of
   * that user's registrations again and ends those they now refuse.
   */
  String ACCESS_CHANGED = "platform.access.changed";

  /**
   * Exact command addresses browsers may send to (never publish), each with the schema of its body:
   * the bridge checks it before the command crosses the bus, as the REST edge checks a request body.
   */
  Map<String, BodySchema> inbound();

  /** Address patterns browsers may register to, each with the address that authorizes a user. */
  List<OutboundRule> outbound();

  /**
   * {@code authorizeAddress} receives {@code {address, userId, role, lastSeq?}} and replies
   * {@code {allowed: true|false, backlog?, until?}}: {@code until} (epoch ms) is when the access it
   * relied on ends, so the bridge asks again then. A failure or no reply is not a denial: the client
   * is told to retry.
   */
  record OutboundRule(String addressRegex, String authorizeAddress) {
  }
}
