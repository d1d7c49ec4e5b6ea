package dev.creatorhub.node;

import dev.creatorhub.auth.AuthSettings;
import dev.creatorhub.content.service.ContentSettings;
import dev.creatorhub.devstack.DevStack;
import dev.creatorhub.live.LiveSettings;
import dev.creatorhub.payments.PaymentsSettings;
import dev.creatorhub.shared.money.Money;
import dev.creatorhub.testing.TestNodes;
import dev.creatorhub.uploads.UploadsSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every domain's settings are typed records read strictly at start: conf/default.json is the only default. */
class SettingsAtStartTest {

  private static JsonObject defaults() throws Exception {
    return new JsonObject(Files.readString(DevStack.locate("conf/default.json")));
  }

  @Test
  void theDefaultsReadIntoEveryDomainsRecord() throws Exception {
    JsonObject config = defaults();
    assertThat(AuthSettings.from(config).creatorPrice().defaultPrice()).isEqualTo(Money.of(999, "USD"));
    assertThat(PaymentsSettings.from(config).platformFeeBps()).isEqualTo(2000);
    assertThat(UploadsSettings.from(config).allowedTypes()).contains("image/jpeg", "video/mp4");
    assertThat(LiveSettings.from(config).agora().issuesTokens()).isFalse();
    // One currency for every price: the creators', PPV posts', tickets' and tips'.
    assertThat(ContentSettings.from(config).currency()).isEqualTo(LiveSettings.from(config).currency())
        .isEqualTo(AuthSettings.from(config).creatorPrice().currency()).isEqualTo(PaymentsSettings.from(config).currency());
  }

  @Test
  void aMissingOrMistypedKeyIsRefusedWithItsFullName() throws Exception {
    JsonObject missing = defaults();
    missing.getJsonObject("auth").getJsonObject("argon2").remove("memoryKiB");
    assertThatThrownBy(() -> AuthSettings.from(missing)).hasMessage("setting 'auth.argon2.memoryKiB' is missing (see conf/default.json)");

    JsonObject mistyped = defaults();
    mistyped.getJsonObject("live").getJsonObject("agora").getJsonObject("recordingStorage").put("vendor", "one");
    assertThatThrownBy(() -> LiveSettings.from(mistyped)).hasMessageContaining("'live.agora.recordingStorage.vendor' must be a number");

    JsonObject fee = defaults();
    fee.getJsonObject("payments").put("platformFeeBps", 12_000);
    assertThatThrownBy(() -> PaymentsSettings.from(fee)).hasMessageContaining("payments.platformFeeBps");

    JsonObject currency = defaults();
    currency.getJsonObject("payments").put("currency", "usd");
    assertThatThrownBy(() -> ContentSettings.from(currency)).hasMessageContaining("'payments.currency' must be an ISO 4217 code");

    JsonObject types = defaults();
    types.getJsonObject("uploads").put("watermark", "no");
    assertThatThrownBy(() -> UploadsSettings.from(types)).hasMessageContaining("'uploads.watermark' must be true or false");
  }

  /** The platform's own sections (stores, idempotency) have no second default in code either. */
  @Test
  void thePlatformSectionsAreReadStrictlyToo() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      JsonObject redis = defaults();
      redis.getJsonObject("redis").remove("timeoutMs");
      assertThatThrownBy(() -> dev.creatorhub.shared.redis.RedisClients.create(vertx, redis))
          .hasMessage("setting 'redis.timeoutMs' is missing (see conf/default.json)");
      JsonObject mongo = defaults();
      mongo.getJsonObject("mongo").put("maxPoolSize", "many");
      assertThatThrownBy(() -> dev.creatorhub.shared.mongo.Mongo.client(vertx, mongo, "settings-test"))
          .hasMessageContaining("'mongo.maxPoolSize' must be a number");
      JsonObject keys = defaults();
      keys.remove("idempotency");
      assertThatThrownBy(() -> dev.creatorhub.shared.idempotency.Idempotency.of(vertx, keys, null, "keys"))
          .hasMessageContaining("'idempotency' is missing");
    } finally {
      vertx.close();
    }
  }

  @Test
  void aNodeWithABadSettingDoesNotStartAndSaysWhich() throws Exception {
    JsonObject config = TestNodes.config(new JsonObject().put("auth", 1));
    config.getJsonObject("management").put("port", -1);
    config.getJsonObject("auth").getJsonObject("loginThrottle").put("perIp", "twenty");
    Throwable failure = Node.start(config).toCompletionStage().toCompletableFuture()
        .handle((node, err) -> err).get(60, TimeUnit.SECONDS);
    assertThat(failure).hasMessageContaining("'auth.loginThrottle.perIp' must be a number");
  }
}
