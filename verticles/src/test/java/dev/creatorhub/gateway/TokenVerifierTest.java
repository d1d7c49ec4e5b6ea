package dev.creatorhub.gateway;

import dev.creatorhub.shared.security.JwtKeys;
import dev.creatorhub.shared.security.Revocations;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A token's signature is checked once, then the verified caller is remembered until the token expires. */
class TokenVerifierTest {

  private static final Vertx VERTX = Vertx.vertx();
  private static JWTAuth jwt;

  @BeforeAll
  static void keys(@TempDir Path dir) throws Exception {
    JwtKeys.generate(dir.resolve("pub.pem"), dir.resolve("priv.pem"));
    jwt = JwtKeys.of(Files.readString(dir.resolve("pub.pem")), Files.readString(dir.resolve("priv.pem"))).auth(VERTX,
        new JsonObject().put("jwt", new JsonObject().put("issuer", "test").put("audience", "test").put("accessTokenTtlSeconds", 900)));
  }

  @AfterAll
  static void close() {
    VERTX.close();
  }

  @Test
  void aTokenIsVerifiedOnceAndThenServedFromMemory() {
    AtomicInteger checks = new AtomicInteger();
    JWTAuth counting = (JWTAuth) Proxy.newProxyInstance(JWTAuth.class.getClassLoader(), new Class<?>[] {JWTAuth.class},
        (proxy, method, args) -> {
          if (method.getName().equals("authenticate")) {
            checks.incrementAndGet();
          }
          return method.invoke(jwt, args);
        });
    TokenVerifier verifier = new TokenVerifier(counting, new Revocations());
    String token = jwt.generateToken(new JsonObject().put("sub", "u1").put("role", "SUBSCRIBER").put("sid", "s1"),
        new JWTOptions().setAlgorithm(JwtKeys.ALGORITHM).setIssuer("test").setAudience(java.util.List.of("test")).setExpiresInSeconds(900));
    for (int i = 0; i < 5; i++) {
      assertEquals("u1", verifier.verify(token).toCompletionStage().toCompletableFuture().join().id());
    }
    assertEquals(1, checks.get(), "signature checks for five uses of one token");
    assertTrue(verifier.verify(token + "x").failed() || checks.get() == 2);
  }
}
