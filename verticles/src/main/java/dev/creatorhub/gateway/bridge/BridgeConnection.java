package dev.creatorhub.gateway.bridge;

import dev.creatorhub.shared.web.RequestUser;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One bridge socket: whose it is (the first verified token decides; later tokens must be the same
 * user's and refresh its session and expiry) and what it listens to. Touched only on its event loop.
 */
final class BridgeConnection {

  /** One address this socket listens to, with what authorized it and when to ask again. */
  static final class Registration {
    final RoomSubscriber subscriber;
    final String authorizeAddress;
    long recheckAtMs;
    boolean checking;

    Registration(RoomSubscriber subscriber, String authorizeAddress, long recheckAtMs) {
      this.subscriber = subscriber;
      this.authorizeAddress = authorizeAddress;
      this.recheckAtMs = recheckAtMs;
    }
  }

  final BridgeSocket socket;
  final Map<String, Registration> registrations = new HashMap<>();
  /** Addresses whose REGISTER is still being checked: they count against the cap, and a repeat must not subscribe twice. */
  final Set<String> registering = new HashSet<>();
  boolean closed;
  /** The bridge closed it for silence: once, with one timer to cut the connection under it. */
  boolean closing;
  long lastPing = System.currentTimeMillis();
  String userId;
  String role;
  String sessionId;
  long expiresAtMs;

  BridgeConnection(BridgeSocket socket) {
    this.socket = socket;
  }

  /** Takes a verified caller's credentials; false when the socket already belongs to someone else. */
  boolean accept(RequestUser user) {
    if (userId != null && !userId.equals(user.id())) {
      return false;
    }
    boolean newer = user.expiresAt() * 1000 >= expiresAtMs;
    userId = user.id();
    if (newer) {
      role = user.role();
      sessionId = user.sessionId();
      expiresAtMs = user.expiresAt() * 1000;
    }
    return true;
  }

  /** The session ended (logout, suspension, password change): only a fresh sign-in's token is accepted now. */
  void sessionEnded() {
    sessionId = null;
    expiresAtMs = 0;
  }

  int slotsInUse() {
    return registrations.size() + registering.size();
  }
}
