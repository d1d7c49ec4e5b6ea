package dev.creatorhub.shared.bus;

/** Event-bus addresses of the platform itself (domains keep theirs in their own constants class). */
public final class PlatformAddresses {

  /** {@code platform.node.info.<nodeId>}: each node replies with its id, port and deployed verticles. */
  public static final String NODE_INFO_PREFIX = "platform.node.info.";

  private PlatformAddresses() {
  }
}
