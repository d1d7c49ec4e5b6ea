package dev.creatorhub.shared.security;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** No secret ships in conf/: a one-machine install makes its own on first run and keeps them. */
class DevSecretsTest {

  static JsonObject config() {
    return new JsonObject().put("payments", new JsonObject().put("webhookSecret", ""))
        .put("s3", new JsonObject().put("accessKey", "").put("secretKey", ""))
        .put("auth", new JsonObject().put("bootstrapAdmin", new JsonObject().put("username", "admin").put("password", "")));
  }

  @Test
  void eachInstallGeneratesItsOwnSecretsAndKeepsThem(@TempDir Path one, @TempDir Path two) throws Exception {
    JsonObject first = config();
    DevSecrets.apply(first, one.resolve("keys/dev-secrets.json"));
    JsonObject again = config();
    DevSecrets.apply(again, one.resolve("keys/dev-secrets.json"));
    JsonObject other = config();
    DevSecrets.apply(other, two.resolve("keys/dev-secrets.json"));

    String secret = first.getJsonObject("payments").getString("webhookSecret");
    assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(30);
    assertThat(first.getJsonObject("s3").getString("secretKey")).hasSizeGreaterThanOrEqualTo(32);
    assertThat(first.getJsonObject("auth").getJsonObject("bootstrapAdmin").getString("password")).hasSizeGreaterThan(16);
    assertThat(again).isEqualTo(first);
    assertThat(other.getJsonObject("payments").getString("webhookSecret")).isNotEqualTo(secret);
    assertThat(other.getJsonObject("s3").getString("accessKey")).isNotEqualTo(first.getJsonObject("s3").getString("accessKey"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(one.resolve("keys/dev-secrets.json")))).isEqualTo("rw-------");

    // What an operator configured wins.
    JsonObject configured = config();
    configured.getJsonObject("payments").put("webhookSecret", "whsec_from_the_environment");
    DevSecrets.apply(configured, one.resolve("keys/dev-secrets.json"));
    assertThat(configured.getJsonObject("payments").getString("webhookSecret")).isEqualTo("whsec_from_the_environment");
  }

  @Test
  void theConfFilesCarryNoSecret() throws Exception {
    // The module runs its tests from shared/; conf/ is the project's.
    Path conf = Path.of("..", "conf");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(conf)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        scan(new JsonObject(Files.readString(file)), file.getFileName() + ":", found);
      }
    }
    assertThat(found).as("secrets committed in conf/").isEmpty();
  }

  private static void scan(JsonObject node, String at, List<String> found) {
    node.forEach(e -> {
      String key = e.getKey().toLowerCase(java.util.Locale.ROOT);
      if (e.getValue() instanceof JsonObject child) {
        scan(child, at + e.getKey() + ".", found);
      } else if (e.getValue() instanceof String value && !value.isBlank() && !key.endsWith("file")
          && (key.contains("secret") || key.contains("password") || key.endsWith("accesskey") || key.contains("privatekey"))) {
        found.add(at + e.getKey());
      }
    });
  }
}
