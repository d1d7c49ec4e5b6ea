package dev.creatorhub.auth.service;

import dev.creatorhub.auth.store.LoginThrottle;
import dev.creatorhub.auth.store.Sessions;
import dev.creatorhub.auth.store.UserStore;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.security.JwtKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** Sign-in (password, then TOTP when enabled), refresh with rotating tokens, and sign-out. */
public final class SignIn {

  private final UserStore store;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final Passwords passwords;
  private final Credentials credentials;
  private final JsonObject jwt;
  private JWTAuth signer;

  SignIn(UserStore store, Sessions sessions, LoginThrottle throttle, Passwords passwords, Credentials credentials, JsonObject jwt) {
    this.store = store;
    this.sessions = sessions;
    this.throttle = throttle;
    this.passwords = passwords;
    this.credentials = credentials;
    this.jwt = jwt;
  }

  void useSigner(JWTAuth signer) {
    this.signer = signer;
  }

  public Future<JsonObject> login(JsonObject request, String ip) {
    JsonObject body = AuthSchemas.LOGIN.check(request);
    String login = body.getString("login").trim().toLowerCase(Locale.ROOT);
    return store.byLogin(login).compose(found -> {
      String account = LoginThrottle.account(found, login);
      return throttle.check(account, ip)
          // Unknown accounts cost the same hash as real ones: same answer, same time.
          .compose(v -> passwords.verify(body.getString("password"), found == null ? null : found.getString("passwordHash")))
          .map(ok -> ok && found != null ? found : null)
          .compose(user -> {
            if (user == null) {
              return throttle.failed(account, ip).compose(v -> Future.failedFuture(new ApiException(401, "Invalid login or password.")));
            }
            if ("SUSPENDED".equals(user.getString("status"))) {
              return Future.failedFuture(new ApiException(403, "This account is suspended."));
            }
            if (user.getJsonObject("totp", new JsonObject()).getBoolean("enabled", false)) {
              return withSecondFactor(account, ip, user, body.getString("totp"));
            }
            return signedIn(account, ip, user);
          });
    });
  }

  private Future<JsonObject> withSecondFactor(String account, String ip, JsonObject user, String code) {
    if (code == null) {
      return Future.failedFuture(new ApiException(401, "Two-factor code required",
          "Enter the code from your authenticator app or a recovery code.", new JsonObject().put("totpRequired", true)));
    }
    return credentials.secondFactor(user, code).compose(ok -> ok ? signedIn(account, ip, user)
        : throttle.failed(account, ip).compose(v -> Future.failedFuture(new ApiException(401, "Two-factor code required",
            "That code is not valid.", new JsonObject().put("totpRequired", true)))));
  }

  private Future<JsonObject> signedIn(String account, String ip, JsonObject user) {
    return throttle.succeeded(account, ip)
        .compose(v -> sessions.start(user.getString("_id"), user.getString("passwordChangedAt")))
        .map(started -> tokens(user, started[0], started[1]));
  }

  private JsonObject tokens(JsonObject user, String family, String refreshToken) {
    long accessTtl = jwt.getLong("accessTokenTtlSeconds");
    JWTOptions options = new JWTOptions().setAlgorithm(JwtKeys.ALGORITHM)
        .setIssuer(jwt.getString("issuer"))
        .setAudience(List.of(jwt.getString("audience")))
        .setExpiresInSeconds((int) accessTtl);
    String access = signer.generateToken(new JsonObject()
        .put("sub", user.getString("_id"))
        .put("role", user.getString("role"))
        .put("sid", family)
        .put("jti", UUID.randomUUID().toString()), options);
    return new JsonObject().put("accessToken", access).put("refreshToken", refreshToken)
        .put("tokenType", "Bearer").put("expiresIn", accessTtl).put("user", UserViews.privateView(user));
  }

  public Future<JsonObject> refresh(JsonObject request) {
    JsonObject body = AuthSchemas.REFRESH.check(request);
    return sessions.rotate(body.getString("refreshToken")).compose(rotation -> switch (rotation.status()) {
      case "OK" -> store.byId(rotation.userId()).compose(user -> {
        if (user == null || !"ACTIVE".equals(user.getString("status"))) {
          return sessions.revokeFamily(rotation.family())
              .compose(v -> Future.failedFuture(new ApiException(401, "This account cannot sign in.")));
        }
        if (!Objects.equals(rotation.credential(), user.getString("passwordChangedAt"))) {
          return sessions.revokeFamily(rotation.family())
              .compose(v -> Future.failedFuture(new ApiException(401, "The password was changed; sign in again.")));
        }
        return Future.succeededFuture(tokens(user, rotation.family(), rotation.token()));
      });
      case "REPLAY" -> Future.failedFuture(new ApiException(401,
          "This refresh token was already used, so the session was ended; sign in again."));
      default -> Future.failedFuture(new ApiException(401, "The refresh token is invalid or expired."));
    });
  }

  /** Ends the session of the access token ({@code sid}) and/or of the refresh token sent (only the caller's own). */
  public Future<JsonObject> logout(JsonObject request, String userId, String sid) {
    JsonObject body = AuthSchemas.LOGOUT.check(request == null ? new JsonObject() : request);
    List<Future<?>> revoked = new ArrayList<>();
    if (sid != null) {
      revoked.add(sessions.revokeFamily(sid));
    }
    String refreshToken = body.getString("refreshToken");
    Future<Boolean> byToken = refreshToken == null ? Future.succeededFuture(false)
        : sessions.describe(refreshToken).compose(found -> {
          if (found == null || (userId != null && !userId.equals(found.getString("userId")))) {
            return Future.succeededFuture(false);
          }
          return sessions.revokeFamily(found.getString("family")).map(true);
        });
    return Future.all(revoked).compose(v -> byToken).compose(done -> done || sid != null
        ? Future.succeededFuture(new JsonObject())
        : Future.failedFuture(new ApiException(401, "Send the access token or the refresh token of the session to end.")));
  }
}
