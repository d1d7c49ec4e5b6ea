package dev.creatorhub.gateway;

import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.validation.BodySchema;
import io.vertx.core.Deployable;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The document and the domains' schemas must cover each other exactly, or the gateway does not start. */
class RequestSchemasTest {

  private static final BodySchema NOTE = BodySchema.of(new JsonObject("""
      {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "maxLength": 10}}}"""));

  private static JsonObject document(String operationId) {
    return new JsonObject("""
        {"paths": {"/notes/{id}": {"post": {"operationId": "%s",
          "requestBody": {"content": {"application/json": {}}}, "responses": {}}}}}""".formatted(operationId));
  }

  private static Domain giving(Map<String, BodySchema> schemas) {
    return new Domain() {
      @Override
      public String name() {
        return "notes";
      }

      @Override
      public Deployable verticle() {
        return new VerticleBase() { }; // never deployed here: only its schemas are read
      }

      @Override
      public Map<String, BodySchema> requestSchemas(JsonObject config) {
        return schemas;
      }
    };
  }

  @Test
  void theDocumentGetsTheDomainsSchema() {
    RequestSchemas schemas = new RequestSchemas(document("writeNote"), List.of(giving(Map.of("writeNote", NOTE))), new JsonObject());
    assertThat(schemas.document().getJsonObject("paths").getJsonObject("/notes/{id}").getJsonObject("post")
        .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"))
        .isEqualTo(NOTE.json());
    assertThat(RequestSchemas.key("post", "/notes/{id}")).isEqualTo(RequestSchemas.key("POST", "/notes/:id"));
  }

  @Test
  void aJsonBodyWithoutADomainSchemaStopsTheStart() {
    assertThatThrownBy(() -> new RequestSchemas(document("writeNote"), List.of(giving(Map.of())), new JsonObject()))
        .hasMessageContaining("'writeNote'").hasMessageContaining("no domain plug-in gives its schema");
  }

  @Test
  void aSchemaWithoutItsOperationStopsTheStart() {
    assertThatThrownBy(() -> new RequestSchemas(document("writeNote"),
        List.of(giving(Map.of("writeNote", NOTE, "eraseNote", NOTE))), new JsonObject()))
        .hasMessageContaining("[eraseNote]");
  }
}
