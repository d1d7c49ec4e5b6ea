package dev.creatorhub.testing;

import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Real accounts for tests, made through the REST API. */
public final class TestAccounts {

  public static final String PASSWORD = "violet-Harbor-lamp-42";
  public static final String ADMIN = "root";
  public static final String ADMIN_PASSWORD = "bootstrap-Secret-9x";

  private TestAccounts() {
  }

  /** Registers a new account with a random name and signs it in: {@code {id, username, token}}. */
  public static JsonObject create(Http http, String role) {
    String name = (role.equals("CREATOR") ? "cr_" : "fan_") + UUID.randomUUID().toString().substring(0, 8);
    Http.Response r = http.post("/api/v1/auth/register", "application/json", new JsonObject().put("username", name)
        .put("email", name + "@example.com").put("password", PASSWORD).put("role", role).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new JsonObject().put("id", r.json().getString("id")).put("username", name).put("token", login(http, name, PASSWORD));
  }

  /** A new creator with a monthly price (USD minor units), bundles ({@code [{months, discountPercent}]}) and trial days. */
  public static JsonObject creator(Http http, long price, io.vertx.core.json.JsonArray bundles, int trialDays) {
    JsonObject creator = create(http, "CREATOR");
    Http.Response r = http.send(http.request("/api/v1/users/me").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + creator.getString("token"))
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject()
            .put("subscriptionPrice", new JsonObject().put("amount", price).put("currency", "USD"))
            .put("bundles", bundles).put("trialDays", trialDays).encode())));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return creator;
  }

  /** Signs in from a random client address (so sign-in throttling of one test never touches another). */
  public static String login(Http http, String name, String password) {
    String ip = "10." + ThreadLocalRandom.current().nextInt(250) + "." + ThreadLocalRandom.current().nextInt(250) + ".1";
    Http.Response r = http.post("/api/v1/auth/login", "application/json",
        new JsonObject().put("login", name).put("password", password).encode(), "X-Forwarded-For", ip);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getString("accessToken");
  }
}
