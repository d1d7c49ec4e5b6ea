package dev.creatorhub.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

  private final JsonObject config = new JsonObject().put("s", new JsonObject().put("n", 5).put("zero", 0).put("text", "x")
      .put("list", new JsonArray().add(1).add(2)));

  @Test
  void readsWhatIsThere() {
    Settings s = Settings.of(config, "s");
    assertThat(s.requireLong("n")).isEqualTo(5);
    assertThat(s.requirePositive("n")).isEqualTo(5);
    assertThat(s.requireLongs("list")).containsExactly(1L, 2L);
  }

  @Test
  void aMissingOrWrongSettingNamesItsKey() {
    assertThatThrownBy(() -> Settings.of(config, "other")).hasMessageContaining("section 'other' is missing");
    Settings s = Settings.of(config, "s");
    assertThatThrownBy(() -> s.requireLong("absent")).hasMessageContaining("'s.absent' is missing");
    assertThatThrownBy(() -> s.requireLong("text")).hasMessageContaining("'s.text' must be a number");
    assertThatThrownBy(() -> s.requirePositive("zero")).hasMessageContaining("'s.zero' must be a positive number");
    assertThatThrownBy(() -> s.requireLongs("n")).hasMessageContaining("'s.n' must be a non-empty list of numbers");
  }
}
