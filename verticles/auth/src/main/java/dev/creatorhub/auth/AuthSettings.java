package dev.creatorhub.auth;

import dev.creatorhub.shared.config.Settings;
import dev.creatorhub.shared.money.Money;
import io.vertx.core.json.JsonObject;

/** The {@code auth} section (and the platform currency), checked at start: a missing or mistyped key stops it, naming the key. */
public record AuthSettings(long refreshTokenTtlSeconds, boolean secureCookies, Argon2 argon2, int hashingThreads,
                           long sessionPurgeMinutes, Throttle loginThrottle, CreatorPrice creatorPrice, String totpIssuer,
                           BootstrapAdmin bootstrapAdmin) {

  /** The password hash's cost (decision 0005). */
  public record Argon2(int memoryKiB, int iterations, int parallelism) {
  }

  /** Sign-in slow-down: attempts per window and the longest delay per scope. */
  public record Throttle(long redisRetryMs, long windowSeconds, int perAccount, int perAccountAndIp, int perIp,
                         long maxDelayAccountSeconds, long maxDelayAccountAndIpSeconds, long maxDelayIpSeconds) {
  }

  /** A creator's monthly price: bounds, the price a new creator starts with, in the platform's currency. */
  public record CreatorPrice(String currency, long minAmount, long maxAmount, long defaultAmount) {
    public Money defaultPrice() {
      return Money.of(defaultAmount, currency);
    }
  }

  /** The first admin, created at start unless the username is empty. */
  public record BootstrapAdmin(String username, String email, String password) {
  }

  public static AuthSettings from(JsonObject config) {
    Settings s = Settings.of(config, "auth");
    Settings argon = s.section("argon2");
    Settings throttle = s.section("loginThrottle");
    Settings delays = throttle.section("maxDelaySeconds");
    Settings price = s.section("creatorPrice");
    Settings admin = s.section("bootstrapAdmin");
    return new AuthSettings(s.requirePositive("refreshTokenTtlSeconds"), s.section("cookies").requireBoolean("secure"),
        new Argon2(argon.requireInt("memoryKiB"), argon.requireInt("iterations"), argon.requireInt("parallelism")),
        s.requireInt("hashingThreads"), s.requirePositive("sessionPurgeMinutes"),
        new Throttle(throttle.requirePositive("redisRetryMs"), throttle.requirePositive("windowSeconds"), throttle.requireInt("perAccount"),
            throttle.requireInt("perAccountAndIp"), throttle.requireInt("perIp"), delays.requireLong("account"),
            delays.requireLong("accountAndIp"), delays.requireLong("ip")),
        new CreatorPrice(Money.platformCurrency(config), price.requireLong("minAmount"), price.requireLong("maxAmount"),
            price.requireLong("defaultAmount")),
        s.requireString("totpIssuer"),
        new BootstrapAdmin(admin.requireString("username"), admin.requireString("email"), admin.requireString("password")));
  }
}
