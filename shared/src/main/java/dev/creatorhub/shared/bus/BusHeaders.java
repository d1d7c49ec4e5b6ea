package dev.creatorhub.shared.bus;

/**
 * Event-bus headers that carry the caller's verified identity. Only the gateway and the bridge set
 * them, always overwriting whatever a client sent, so domains can trust them.
 */
public final class BusHeaders {

  public static final String USER_ID = "x-user-id";
  public static final String USER_ROLE = "x-user-role";
  /** The session (refresh-token family) of the caller's access token. */
  public static final String SESSION_ID = "x-session-id";
  public static final String REQUEST_ID = "x-request-id";
  /** The client's IP as the gateway saw it (throttling, audit). */
  public static final String CLIENT_IP = "x-client-ip";

  private BusHeaders() {
  }
}
