package dev.creatorhub.paging;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One paging on every list: {@code ?cursor=&limit=} in, {@code {items, nextCursor}} out. Walking a
 * list a page of two at a time gives exactly the items of one big page, in the same order; the last
 * page has no cursor; a cursor that is not the platform's, and a limit out of range, are a 400 problem.
 */
@Timeout(240)
class PagingTest {

  static Node node;
  static Http http;
  static String admin;
  static JsonObject creator;
  static final List<JsonObject> fans = new ArrayList<>();
  static final List<JsonObject> creators = new ArrayList<>();
  /** The admin list is filtered to accounts of this test (other test classes share the store). */
  static final String PREFIX = "pg" + UUID.randomUUID().toString().substring(0, 6);

  @BeforeAll
  static void start() {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1)
        .put("subscriptions", 1).put("content", 1).put("live", 1));
    node = TestNodes.start(config, false);
    http = new Http(config.getJsonObject("http").getInteger("port"));
    admin = TestAccounts.login(http, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
    creator = TestAccounts.creator(http, 500, new JsonArray(), 0);
    for (int i = 0; i < 3; i++) {
      creators.add(TestAccounts.creator(http, 600 + i, new JsonArray(), 0));
      fans.add(TestAccounts.create(http, "SUBSCRIBER"));
    }
    JsonObject fan = fans.get(0);
    for (JsonObject other : creators) { // the first fan subscribes to three creators, each with posts
      subscribe(fan, other);
      for (int p = 0; p < 2; p++) {
        post(other, "post " + p);
      }
    }
    for (JsonObject f : fans) { // three subscribers of the creator
      subscribe(f, creator);
    }
    for (int p = 0; p < 5; p++) {
      post(creator, "creator post " + p);
    }
    for (int i = 0; i < 5; i++) {
      Http.Response tip = http.post("/api/v1/tips", "application/json", new JsonObject().put("creator", creator.getString("username"))
          .put("amount", new JsonObject().put("amount", 100 + i).put("currency", "USD")).put("paymentMethod", "pm_card_visa").encode(),
          "Authorization", "Bearer " + fan.getString("token"), "Idempotency-Key", UUID.randomUUID().toString());
      assertThat(tip.status()).as(tip.body()).isEqualTo(201);
    }
    for (int i = 0; i < 4; i++) {
      Http.Response r = http.post("/api/v1/auth/register", "application/json", new JsonObject().put("username", PREFIX + "_" + i)
          .put("email", PREFIX + i + "@example.com").put("password", TestAccounts.PASSWORD).put("role", "SUBSCRIBER").encode());
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    for (int i = 0; i < 5; i++) { // scheduled streams, two at the same time (the id breaks the tie), one without a time
      JsonObject stream = new JsonObject().put("title", "show " + i).put("access", "PUBLIC");
      if (i < 4) {
        stream.put("scheduledStartTime", Instant.now().plusSeconds(3600L * (1 + Math.min(i, 2))).toString());
      }
      Http.Response r = http.post("/api/v1/streams", "application/json", stream.encode(), auth(creator));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
  }

  @Test
  void everyListWalksPageByPageToExactlyItsItems() {
    Map<String, String> lists = new LinkedHashMap<>();
    lists.put("/api/v1/creators/" + creator.getString("username") + "/posts", null);
    lists.put("/api/v1/creators/" + creator.getString("username") + "/posts?owner", auth(creator)[1]);
    lists.put("/api/v1/feed", auth(fans.get(0))[1]);
    lists.put("/api/v1/payments", auth(fans.get(0))[1]);
    lists.put("/api/v1/subscriptions", auth(fans.get(0))[1]);
    lists.put("/api/v1/creators/me/subscribers", auth(creator)[1]);
    lists.put("/api/v1/streams?status=SCHEDULED&creator=" + creator.getString("username"), null);
    lists.put("/api/v1/admin/users?q=" + PREFIX, "Bearer " + admin);
    for (Map.Entry<String, String> list : lists.entrySet()) {
      String path = list.getKey().replace("?owner", "");
      JsonObject whole = get(path, "limit=50", list.getValue()); // every list allows 50 (content at most, from its config)
      List<Object> expected = ids(whole.getJsonArray("items"));
      assertThat(expected).as("%s has items to page through", path).hasSizeGreaterThanOrEqualTo(3);
      assertThat(whole.getValue("nextCursor")).as("%s: one page holds it all", path).isNull();

      List<Object> walked = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        JsonObject page = get(path, "limit=2" + (cursor == null ? "" : "&cursor=" + cursor), list.getValue());
        assertThat(page.getJsonArray("items").size()).as("%s page %d", path, pages).isBetween(1, 2);
        walked.addAll(ids(page.getJsonArray("items")));
        cursor = page.getString("nextCursor");
        pages++;
      } while (cursor != null && pages < 100);
      assertThat(walked).as("%s walked two at a time", path).isEqualTo(expected);
    }
  }

  @Test
  void aForeignCursorOrALimitOutOfRangeIsAProblem() {
    for (String path : List.of("/api/v1/creators/" + creator.getString("username") + "/posts", "/api/v1/feed", "/api/v1/payments",
        "/api/v1/subscriptions", "/api/v1/creators/me/subscribers", "/api/v1/streams", "/api/v1/admin/users")) {
      String token = path.contains("admin") ? "Bearer " + admin : path.contains("me/") ? auth(creator)[1] : auth(fans.get(0))[1];
      for (String query : List.of("cursor=bm90LW91cnM", "cursor=WyJ4Il0", "limit=0", "limit=101", "limit=abc", "limit=-1")) {
        Http.Response r = http.get(path + (path.contains("?") ? "&" : "?") + query, "Authorization", token);
        assertThat(r.status()).as("%s?%s: %s", path, query, r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).as("%s?%s", path, query).startsWith("application/problem+json");
      }
    }
  }

  private static JsonObject get(String path, String query, String authorization) {
    String url = path + (path.contains("?") ? "&" : "?") + query;
    Http.Response r = authorization == null ? http.get(url) : http.get(url, "Authorization", authorization);
    assertThat(r.status()).as("%s: %s", url, r.body()).isEqualTo(200);
    return r.json();
  }

  /** What identifies an item in each list (posts, payments, subscriptions, streams and users have {@code id}). */
  private static List<Object> ids(JsonArray items) {
    List<Object> ids = new ArrayList<>();
    for (Object item : items) {
      JsonObject o = (JsonObject) item;
      ids.add(o.getValue("id", o.getValue("subscriptionId")));
    }
    assertThat(ids).doesNotContainNull();
    return ids;
  }

  private static String[] auth(JsonObject user) {
    return new String[] {"Authorization", "Bearer " + user.getString("token")};
  }

  private static void subscribe(JsonObject fan, JsonObject to) {
    Http.Response r = http.post("/api/v1/creators/" + to.getString("username") + "/subscriptions", "application/json",
        new JsonObject().put("paymentMethod", "pm_card_visa").encode(), auth(fan));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  private static void post(JsonObject author, String text) {
    Http.Response r = http.post("/api/v1/posts", "application/json",
        new JsonObject().put("text", text).put("visibility", "SUBSCRIBERS").encode(), auth(author));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }
}
