package dev.creatorhub.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.creatorhub.shared.security.Revocations;
import dev.creatorhub.shared.web.RequestUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.util.concurrent.TimeUnit;

/**
 * Verifies access tokens. An ES256 signature check costs more than the rest of a typical request,
 * so a token verified once is remembered until it expires (bounded); the revocation list is still
 * consulted on every use.
 */
public final class TokenVerifier {

  private record Verified(RequestUser user, long expiresAtNanos) {
  }

  private final JWTAuth jwt;
  private final Revocations revocations;
  private final Cache<String, Verified> verified = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfter(new Expiry<String, Verified>() {
        @Override
        public long expireAfterCreate(String key, Verified value, long currentTime) {
          return Math.max(0, value.expiresAtNanos() - System.nanoTime());
        }

        @Override
        public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
          return currentDuration;
        }

        @Override
        public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
          return currentDuration;
        }
      })
      .build();

  TokenVerifier(JWTAuth jwt, Revocations revocations) {
    this.jwt = jwt;
    this.revocations = revocations;
  }

  /** The verified caller, or a failed future for a bad, expired or revoked token. */
  public Future<RequestUser> verify(String token) {
    Verified cached = verified.getIfPresent(token);
    if (cached != null && cached.expiresAtNanos() > System.nanoTime()) {
      return accept(cached.user());
    }
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
      RequestUser caller = RequestUser.fromToken(user);
      if (caller.id() == null) {
        return Future.failedFuture("the token has no subject");
      }
      long exp = claims.getLong("exp", 0L);
      long remainingMs = exp * 1000 - System.currentTimeMillis();
      if (remainingMs > 0) {
        verified.put(token, new Verified(caller, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(remainingMs)));
      }
      return accept(caller);
    });
  }

  private Future<RequestUser> accept(RequestUser user) {
    return revocations.isRevoked(user.sessionId()) ? Future.failedFuture("the session was revoked") : Future.succeededFuture(user);
  }
}
