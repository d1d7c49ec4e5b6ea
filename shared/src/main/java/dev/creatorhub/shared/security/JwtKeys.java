package dev.creatorhub.shared.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

/**
 * The platform's token keys: ES256, PEM files named in config. The dev profile generates a pair on
 * first run and reuses it afterwards; elsewhere missing keys are a startup error, never a default.
 */
public final class JwtKeys {

  public static final String ALGORITHM = "ES256";

  private final String publicPem;
  private final String privatePem;

  private JwtKeys(String publicPem, String privatePem) {
    this.publicPem = publicPem;
    this.privatePem = privatePem;
  }

  /** Generates the key pair when the config allows it and it is missing (blocking; startup only). */
  public static void ensureGenerated(JsonObject config) {
    JsonObject jwt = config.getJsonObject("jwt");
    String publicFile = jwt.getString("publicKeyFile", "");
    String privateFile = jwt.getString("privateKeyFile", "");
    if (publicFile.isBlank() || privateFile.isBlank() || !jwt.getBoolean("generateIfMissing", false)) {
      return;
    }
    try {
      if (!Files.exists(Path.of(publicFile))) {
        generate(Path.of(publicFile), Path.of(privateFile));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the JWT keys: " + e.getMessage(), e);
    }
  }

  /** Reads the key files without blocking; the private key is optional (verification only). */
  public static Future<JwtKeys> read(Vertx vertx, JsonObject config) {
    JsonObject jwt = config.getJsonObject("jwt");
    String publicFile = jwt.getString("publicKeyFile", "");
    String privateFile = jwt.getString("privateKeyFile", "");
    if (publicFile.isBlank()) {
      return Future.failedFuture("jwt.publicKeyFile (JWT_PUBLIC_KEY_FILE) is not set");
    }
    Future<String> pub = vertx.fileSystem().readFile(publicFile).map(b -> b.toString());
    Future<String> priv = privateFile.isBlank() ? Future.succeededFuture(null)
        : vertx.fileSystem().exists(privateFile).compose(exists -> exists
            ? vertx.fileSystem().readFile(privateFile).map(b -> b.toString())
            : Future.succeededFuture(null));
    return Future.all(pub, priv).map(v -> new JwtKeys(pub.result(), priv.result()));
  }

  public static JwtKeys of(String publicPem, String privatePem) {
    return new JwtKeys(publicPem, privatePem);
  }

  public boolean canSign() {
    return privatePem != null;
  }

  /** A JWTAuth that verifies (and, with the private key, signs) the platform's tokens. */
  public JWTAuth auth(Vertx vertx, JsonObject config) {
    JsonObject jwt = config.getJsonObject("jwt");
    JWTAuthOptions options = new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(publicPem))
        .setJWTOptions(new JWTOptions()
            .setAlgorithm(ALGORITHM)
            .setIssuer(jwt.getString("issuer"))
            .setAudience(List.of(jwt.getString("audience")))
            .setExpiresInSeconds(jwt.getInteger("accessTokenTtlSeconds", 900))
            .setLeeway(5));
    if (privatePem != null) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(privatePem));
    }
    return JWTAuth.create(vertx, options);
  }

  public static void generate(Path publicPath, Path privatePath) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      Files.createDirectories(privatePath.toAbsolutePath().getParent());
      Files.createDirectories(publicPath.toAbsolutePath().getParent());
      Files.writeString(privatePath, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      try {
        Files.setPosixFilePermissions(privatePath, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX filesystem
      }
      Files.writeString(publicPath, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an EC key pair", e);
    }
  }

  public static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
