package dev.creatorhub.shared.security;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens are short-lived and verified without a lookup; this list is how a logout, a
 * password change or a suspension takes effect before they expire: each ends sessions, and every
 * access token names its session ({@code sid}). The auth domain publishes revocations cluster-wide
 * on {@link #ADDRESS} and answers {@link #SNAPSHOT_ADDRESS}; each gateway keeps the list in memory,
 * so checking it costs no I/O.
 */
public final class Revocations {

  /** Published: {@code {sid, until}} revokes one session; a whole snapshot (below) when auth starts. */
  public static final String ADDRESS = "platform.revocations";
  /** Request: replies {@code {sessions: {sid: until}}} (epoch seconds). */
  public static final String SNAPSHOT_ADDRESS = "platform.revocations.snapshot";

  private final Map<String, Long> sessions = new ConcurrentHashMap<>();

  public void apply(JsonObject revocation) {
    if (revocation.containsKey("sessions")) {
      revocation.getJsonObject("sessions").forEach(e -> sessions.put(e.getKey(), ((Number) e.getValue()).longValue()));
    } else if (revocation.getString("sid") != null) {
      sessions.put(revocation.getString("sid"), revocation.getLong("until", System.currentTimeMillis() / 1000 + 3600));
    }
  }

  /** The session ids a revocation message names (one, or a whole snapshot's). */
  public static java.util.Set<String> sessionsIn(JsonObject revocation) {
    if (revocation.containsKey("sessions")) {
      return revocation.getJsonObject("sessions").fieldNames();
    }
    return revocation.getString("sid") == null ? java.util.Set.of() : java.util.Set.of(revocation.getString("sid"));
  }

  /** True when the token's session was revoked. */
  public boolean isRevoked(String sid) {
    return sid != null && sessions.containsKey(sid);
  }

  /** Drops sessions whose access tokens have all expired. */
  public void prune() {
    long now = System.currentTimeMillis() / 1000;
    sessions.values().removeIf(until -> until < now);
  }
}
