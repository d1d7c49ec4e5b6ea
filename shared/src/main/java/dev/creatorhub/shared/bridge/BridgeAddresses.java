package dev.creatorhub.shared.bridge;

/** The bridge's own contracts with the domains that open rooms on it (written once, here). */
public final class BridgeAddresses {

  /** Published cluster-wide with {@code {address, userId, reason}}: that user's subscriptions to the address end now, on every node. */
  public static final String KICK = "bridge.kick";
  /** Sent (to one consumer, if any) with {@code {address, userId, present}} when a subscription opens or ends. */
  public static final String PRESENCE = "bridge.presence";

  private BridgeAddresses() {
  }
}
