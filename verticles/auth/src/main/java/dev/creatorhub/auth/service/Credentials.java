package dev.creatorhub.auth.service;

import dev.creatorhub.auth.store.LoginThrottle;
import dev.creatorhub.auth.store.Sessions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.Locale;

/** Checks of what a user knows beyond a token: the password again, a TOTP or recovery code. */
final class Credentials {

  private final Users users;
  private final Passwords passwords;
  private final LoginThrottle throttle;
  private final Clock clock;

  Credentials(Users users, Passwords passwords, LoginThrottle throttle, Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.throttle = throttle;
    this.clock = clock;
  }

  /**
   * A password check behind a token (changing the password, turning 2FA off) is throttled like a
   * sign-in: a stolen token must not become an unlimited password oracle.
   */
  Future<Boolean> recheckPassword(JsonObject user, String password, String ip) {
    String account = user.getString("_id");
    return throttle.check(account, ip).compose(v -> passwords.verify(password, user.getString("passwordHash")))
        .compose(ok -> ok ? Future.succeededFuture(true) : throttle.failed(account, ip).map(false));
  }

  /** True when the code is the current TOTP (not used before) or an unused recovery code; either is then used up. */
  Future<Boolean> secondFactor(JsonObject user, String code) {
    JsonObject totp = user.getJsonObject("totp", new JsonObject());
    String id = user.getString("_id");
    String trimmed = code.trim();
    if (trimmed.matches("\\d{6}")) {
      long step = Totp.verify(totp.getString("secret"), trimmed, clock.instant().getEpochSecond(), totp.getLong("lastStep", -1L));
      if (step < 0) {
        return Future.succeededFuture(false);
      }
      // Atomic: the same code cannot sign in twice, even concurrently.
      JsonObject query = new JsonObject().put("_id", id).put("totp.lastStep", new JsonObject().put("$lt", step));
      return users.update(query, new JsonObject().put("$set", new JsonObject().put("totp.lastStep", step)));
    }
    String hashed = Sessions.sha256(normalizeRecoveryCode(trimmed));
    return users.update(new JsonObject().put("_id", id).put("totp.recoveryCodes", hashed),
        new JsonObject().put("$pull", new JsonObject().put("totp.recoveryCodes", hashed)));
  }

  static String normalizeRecoveryCode(String code) {
    return code.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
  }
}
