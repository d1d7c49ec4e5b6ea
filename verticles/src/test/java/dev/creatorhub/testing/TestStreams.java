package dev.creatorhub.testing;

import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams for room tests, created and started through the public API. */
public final class TestStreams {

  private TestStreams() {
  }

  /** Creates a stream of {@code creator} with {@code access} (PUBLIC, SUBSCRIBERS, TICKET), starts it, returns its id. */
  public static String startLive(Http http, JsonObject creator, String title, String access) {
    String bearer = "Bearer " + creator.getString("token");
    String id = http.post("/api/v1/streams", "application/json", new JsonObject().put("title", title).put("access", access).encode(),
        "Authorization", bearer).json().getString("id");
    assertThat(http.post("/api/v1/streams/" + id + "/start", null, "", "Authorization", bearer).status()).isEqualTo(200);
    return id;
  }
}
