package dev.creatorhub.shared.security;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secrets of a one-machine install (the webhook signing secret, the embedded S3 server's keys, the
 * first admin's password):
 * generated on first run into the data folder, kept for later runs, and never shipped in {@code conf/}.
 * A value already configured (environment, a profile file) wins.
 */
public final class DevSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DevSecrets() {
  }

  /** Fills the blank secrets of {@code config} from {@code file}, creating the file first if needed (startup only). */
  public static void apply(JsonObject config, Path file) {
    JsonObject secrets = load(file);
    if (secrets.getString("adminPassword") == null) { // a file from before the admin password moved here
      secrets.put("adminPassword", "dev-" + random(10));
      write(file, secrets);
    }
    fill(config.getJsonObject("payments"), "webhookSecret", secrets.getString("webhookSecret"));
    fill(config.getJsonObject("s3"), "accessKey", secrets.getString("s3AccessKey"));
    fill(config.getJsonObject("s3"), "secretKey", secrets.getString("s3SecretKey"));
    JsonObject auth = config.getJsonObject("auth");
    if (auth != null && !auth.getJsonObject("bootstrapAdmin", new JsonObject()).getString("username", "").isBlank()) {
      fill(auth.getJsonObject("bootstrapAdmin"), "password", secrets.getString("adminPassword"));
    }
  }

  private static void fill(JsonObject section, String key, String value) {
    if (section != null && section.getString(key, "").isBlank()) {
      section.put(key, value);
    }
  }

  private static JsonObject load(Path file) {
    try {
      if (Files.exists(file)) {
        return new JsonObject(Files.readString(file));
      }
      JsonObject secrets = new JsonObject()
          .put("webhookSecret", "whsec_" + random(24))
          .put("s3AccessKey", "dev" + random(10))
          .put("s3SecretKey", random(24))
          .put("adminPassword", "dev-" + random(10));
      write(file, secrets);
      return secrets;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dev secrets at " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, JsonObject secrets) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(partial, secrets.encodePrettily());
      try {
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX filesystem
      }
      Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dev secrets at " + file + ": " + e.getMessage(), e);
    }
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }
}
