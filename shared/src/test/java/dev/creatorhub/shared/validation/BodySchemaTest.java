package dev.creatorhub.shared.validation;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Numbers a client can send that Java would wrap or round must fail validation, not be reinterpreted. */
class BodySchemaTest {

  private static final BodySchema AMOUNT = BodySchema.of(new JsonObject("""
      {"type": "object", "properties": {"amount": {"type": "integer", "minimum": 1, "maximum": 50000}}}"""));

  private static int status(String body) {
    try {
      AMOUNT.check(new JsonObject(body));
      return 200;
    } catch (ApiException e) {
      return e.status();
    }
  }

  @Test
  void integersOutsideTheirBoundsOrNotIntegersAreRefused() {
    assertThat(status("{\"amount\": 500}")).isEqualTo(200);
    assertThat(status("{\"amount\": 500.0}")).isEqualTo(200);
    assertThat(status("{\"amount\": 18446744073709552116}")).isEqualTo(400); // 2^64 + 500: wraps to 500 as a long
    assertThat(status("{\"amount\": 9223372036854775808}")).isEqualTo(400);
    assertThat(status("{\"amount\": -18446744073709551116}")).isEqualTo(400);
    assertThat(status("{\"amount\": 150.7}")).isEqualTo(400);
    assertThat(status("{\"amount\": 1e400}")).isEqualTo(400);
    assertThat(status("{\"amount\": 0}")).isEqualTo(400);
    assertThat(status("{\"amount\": \"500\"}")).isEqualTo(400);
  }

  @Test
  void aSchemaWithAnUnboundedIntegerIsRefusedWhenBuilt() {
    assertThatThrownBy(() -> BodySchema.of(new JsonObject("""
        {"type": "object", "properties": {"price": {"type": "object", "properties": {"amount": {"type": "integer", "minimum": 0}}}}}""")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#/properties/price/properties/amount");
    assertThatThrownBy(() -> BodySchema.of(new JsonObject("""
        {"type": "object", "properties": {"n": {"type": ["integer", "null"]}}}"""))).isInstanceOf(IllegalArgumentException.class);
  }
}
