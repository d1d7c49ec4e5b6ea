package dev.creatorhub.shared.testkit;

import dev.creatorhub.shared.security.JwtKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** Mints access tokens with the test key pair, the way the auth domain does. */
public final class TestTokens {

  private TestTokens() {
  }

  public static String issue(Vertx vertx, JsonObject config, String userId, String role) {
    return issue(vertx, config, userId, role, new JWTOptions());
  }

  public static String issue(Vertx vertx, JsonObject config, String userId, String role, JWTOptions options) {
    return issue(vertx, config, new JsonObject().put("sub", userId).put("role", role)
        .put("jti", UUID.randomUUID().toString()), options);
  }

  /** Signs {@code claims} as given; an {@code exp} claim is kept as is (e.g. one in the past). */
  public static String issue(Vertx vertx, JsonObject config, JsonObject claims, JWTOptions options) {
    JsonObject jwt = config.getJsonObject("jwt");
    try {
      JwtKeys keys = JwtKeys.of(Files.readString(Path.of(jwt.getString("publicKeyFile"))),
          Files.readString(Path.of(jwt.getString("privateKeyFile"))));
      JWTAuth auth = keys.auth(vertx, config);
      JWTOptions effective = new JWTOptions(options.toJson())
          .setAlgorithm(JwtKeys.ALGORITHM)
          .setIssuer(options.getIssuer() != null ? options.getIssuer() : jwt.getString("issuer"))
          .setAudience(options.getAudience() != null && !options.getAudience().isEmpty()
              ? options.getAudience() : List.of(jwt.getString("audience")));
      if (options.getExpiresInSeconds() == 0 && !claims.containsKey("exp")) {
        effective.setExpiresInSeconds(jwt.getInteger("accessTokenTtlSeconds"));
      }
      return auth.generateToken(claims, effective);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
