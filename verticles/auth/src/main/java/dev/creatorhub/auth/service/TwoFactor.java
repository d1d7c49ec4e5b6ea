package dev.creatorhub.auth.service;

import dev.creatorhub.auth.store.LoginThrottle;
import dev.creatorhub.auth.store.Sessions;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Turning two-factor sign-in (TOTP with recovery codes) on and off. */
public final class TwoFactor {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private final Users users;
  private final Credentials credentials;
  private final LoginThrottle throttle;
  private final String issuer;
  private final Clock clock;

  TwoFactor(Users users, Credentials credentials, LoginThrottle throttle, String issuer, Clock clock) {
    this.users = users;
    this.credentials = credentials;
    this.throttle = throttle;
    this.issuer = issuer;
    this.clock = clock;
  }

  public Future<JsonObject> setup(String userId) {
    return users.require(userId).compose(user -> {
      if (enabled(user)) {
        return Future.failedFuture(new ApiException(409, "Two-factor sign-in is already on."));
      }
      String secret = Totp.newSecret();
      return users.update(new JsonObject().put("_id", userId), new JsonObject().put("$set", new JsonObject().put("totpPending", secret)))
          .map(r -> new JsonObject().put("secret", secret).put("otpauthUrl", Totp.uri(secret, issuer, user.getString("username"))));
    });
  }

  public Future<JsonObject> enable(String userId, JsonObject request) {
    JsonObject body = AuthSchemas.TOTP_CODE.check(request);
    return users.require(userId).compose(user -> {
      String pending = user.getString("totpPending");
      if (pending == null) {
        return Future.failedFuture(new ApiException(409, "Start the two-factor set-up first."));
      }
      long step = Totp.verify(pending, body.getString("code").trim(), clock.instant().getEpochSecond(), -1);
      if (step < 0) {
        return Future.failedFuture(AccountRules.fieldError("code", "That code does not match; check the device clock and try again."));
      }
      List<String> codes = new ArrayList<>();
      JsonArray hashes = new JsonArray();
      for (int i = 0; i < 10; i++) {
        String code = recoveryCode();
        codes.add(code);
        hashes.add(Sessions.sha256(Credentials.normalizeRecoveryCode(code)));
      }
      JsonObject update = new JsonObject()
          .put("$set", new JsonObject().put("totp", new JsonObject().put("enabled", true).put("secret", pending)
              .put("lastStep", step).put("recoveryCodes", hashes)).put("updatedAt", clock.instant().toString()))
          .put("$unset", new JsonObject().put("totpPending", ""));
      return users.update(new JsonObject().put("_id", userId).put("totpPending", pending), update)
          .map(r -> new JsonObject().put("recoveryCodes", new JsonArray(codes)));
    });
  }

  public Future<JsonObject> disable(String userId, JsonObject request, String ip) {
    JsonObject body = AuthSchemas.TOTP_DISABLE.check(request);
    return users.require(userId).compose(user -> {
      if (!enabled(user)) {
        return Future.failedFuture(new ApiException(409, "Two-factor sign-in is not on."));
      }
      return credentials.recheckPassword(user, body.getString("password"), ip)
          .compose(ok -> !ok ? Future.succeededFuture(false) : credentials.secondFactor(user, body.getString("code"))
              .compose(valid -> valid ? Future.succeededFuture(true) : throttle.failed(user.getString("_id"), ip).map(false)))
          .compose(ok -> ok
              ? users.update(new JsonObject().put("_id", userId), new JsonObject().put("$unset", new JsonObject().put("totp", "")))
                  .map(r -> new JsonObject())
              : Future.failedFuture(new ApiException(403, "The password or the code is wrong.")));
    });
  }

  private static boolean enabled(JsonObject user) {
    return user.getJsonObject("totp", new JsonObject()).getBoolean("enabled", false);
  }

  private static String recoveryCode() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        code.append('-');
      }
      code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
    }
    return code.toString();
  }
}
