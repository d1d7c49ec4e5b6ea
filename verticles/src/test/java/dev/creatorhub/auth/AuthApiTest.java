package dev.creatorhub.auth;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.auth.api.UserInfo;
import dev.creatorhub.auth.service.Totp;
import dev.creatorhub.node.Node;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.kafka.EventConsumer;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The accounts contract (PRODUCT.md "Accounts") through the gateway on the embedded stack. */
@Timeout(180)
class AuthApiTest {

  private static final String PASSWORD = "violet-Harbor-lamp-42";
  private static Node node;
  private static Http http;
  private static final List<String> bodies = new ArrayList<>();

  @BeforeAll
  static void start() {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("outbox-relay", 1));
    node = TestNodes.start(config, false);
    http = new Http(config.getJsonObject("http").getInteger("port"));
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
  }

  /** Nothing secret may ever leave the domain, in any response of any test. */
  @AfterEach
  void noSecretsInResponses() {
    synchronized (bodies) {
      for (String body : bodies) {
        assertThat(body).doesNotContain("passwordHash").doesNotContain("$argon2").doesNotContain("totpPending")
            .doesNotContain("\"secretHash\"").doesNotContain("lastStep");
      }
      bodies.clear();
    }
  }

  private static Http.Response track(Http.Response response) {
    synchronized (bodies) {
      bodies.add(response.body());
    }
    return response;
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Http.Response post(String path, JsonObject body, String... headers) {
    return track(http.post(path, "application/json", body.encode(), headers));
  }

  private static Http.Response get(String path, String... headers) {
    return track(http.get(path, headers));
  }

  private static Http.Response patch(String path, JsonObject body, String token) {
    return track(http.send(http.request(path).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode()))));
  }

  private static JsonObject register(String username, String role) {
    Http.Response r = post("/api/v1/auth/register", new JsonObject().put("username", username)
        .put("email", username + "@example.com").put("password", PASSWORD).put("role", role));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static JsonObject login(String login, String password, String ip) {
    Http.Response r = post("/api/v1/auth/login", new JsonObject().put("login", login).put("password", password),
        "X-Forwarded-For", ip);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static String bearer(JsonObject tokens) {
    return "Bearer " + tokens.getString("accessToken");
  }

  private static void assertProblem(Http.Response r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
  }

  private static String ip() {
    return "10.0." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
  }

  @Test
  void registerLoginMeAndPublicProfile() {
    String name = unique("Anna.");
    JsonObject user = register(name, "CREATOR");
    assertThat(user.getString("username")).isEqualTo(name.toLowerCase());
    assertThat(user.getString("email")).isEqualTo(name.toLowerCase() + "@example.com");
    assertThat(user.getString("role")).isEqualTo("CREATOR");
    assertThat(user.getString("id")).isNotBlank();
    assertThat(user.encode()).doesNotContain(PASSWORD);

    JsonObject byName = login(name.toUpperCase(), PASSWORD, ip());
    JsonObject byEmail = login(name + "@EXAMPLE.com", PASSWORD, ip());
    assertThat(byName.getLong("expiresIn")).isEqualTo(900);
    assertThat(byName.getString("refreshToken")).isNotEqualTo(byEmail.getString("refreshToken"));
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(byName.getString("accessToken").split("\\.")[1]),
        StandardCharsets.UTF_8));
    assertThat(claims.fieldNames()).contains("sub", "role", "jti", "iat", "exp", "aud", "iss", "sid");
    assertThat(claims.getString("sub")).isEqualTo(user.getString("id"));
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(900);

    Http.Response me = get("/api/v1/users/me", "Authorization", bearer(byName));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("id")).isEqualTo(user.getString("id"));
    assertThat(me.json().getBoolean("totpEnabled")).isFalse();

    Http.Response profile = get("/api/v1/creators/" + name.toLowerCase());
    assertThat(profile.status()).isEqualTo(200);
    JsonObject p = profile.json();
    assertThat(p.getString("displayName")).isEqualTo(name.toLowerCase());
    assertThat(p.getBoolean("verified")).isFalse();
    assertThat(p.getJsonObject("subscriptionPrice")).isEqualTo(new JsonObject().put("amount", 999).put("currency", "USD"));
    assertThat(p.getLong("subscriberCount")).isZero();
    assertThat(p.getLong("postCount")).isZero();
    assertThat(p.containsKey("email")).isFalse();
    assertProblem(get("/api/v1/creators/nobody-" + UUID.randomUUID().toString().substring(0, 6)), 404);
    assertProblem(get("/api/v1/users/me"), 401);
  }

  @Test
  void duplicateUsernamesAndEmailsConflictEvenConcurrently() throws Exception {
    String name = unique("dup_");
    register(name, "SUBSCRIBER");
    Http.Response sameName = post("/api/v1/auth/register", new JsonObject().put("username", name.toUpperCase())
        .put("email", unique("other") + "@example.com").put("password", PASSWORD).put("role", "SUBSCRIBER"));
    assertProblem(sameName, 409);
    Http.Response sameEmail = post("/api/v1/auth/register", new JsonObject().put("username", unique("e_"))
        .put("email", name.toUpperCase() + "@Example.COM").put("password", PASSWORD).put("role", "SUBSCRIBER"));
    assertProblem(sameEmail, 409);
    // Registration does not tell whether an email has an account: one answer for both fields.
    assertThat(sameEmail.body().replaceAll("\"(instance|requestId)\":\"[^\"]*\"", ""))
        .isEqualTo(sameName.body().replaceAll("\"(instance|requestId)\":\"[^\"]*\"", ""));
    assertThat(sameEmail.json().containsKey("field")).isFalse();

    String race = unique("race_");
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    var pool = Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        all.add(pool.submit(() -> statuses.computeIfAbsent(post("/api/v1/auth/register", new JsonObject().put("username", race)
            .put("email", race + n + "@example.com").put("password", PASSWORD).put("role", "CREATOR")).status(),
            k -> new AtomicInteger()).incrementAndGet()));
      }
      for (var f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(statuses.get(201).get()).isEqualTo(1);
    assertThat(statuses.get(409).get()).isEqualTo(7);
  }

  @Test
  void badRegistrationsAre400WithTheField() {
    JsonObject ok = new JsonObject().put("username", unique("ok_")).put("email", unique("ok") + "@example.com")
        .put("password", PASSWORD).put("role", "SUBSCRIBER");
    Map<String, JsonObject> cases = new java.util.LinkedHashMap<>();
    cases.put("weak", ok.copy().put("password", "short"));
    cases.put("common", ok.copy().put("password", "password1234"));
    cases.put("overlong", ok.copy().put("password", "Long-passphrase-".repeat(9)));
    cases.put("contains username", ok.copy().put("password", ok.getString("username") + "-Extra-77"));
    cases.put("malformed email", ok.copy().put("email", "not-an-email"));
    cases.put("email without tld", ok.copy().put("email", "a@b"));
    cases.put("missing email", ok.copy().put("email", (String) null));
    cases.put("missing password", new JsonObject().put("username", "abc_d").put("email", "x@example.com").put("role", "CREATOR"));
    cases.put("wrong type", ok.copy().put("username", 12345));
    cases.put("bad username chars", ok.copy().put("username", "no spaces!"));
    cases.put("short username", ok.copy().put("username", "ab"));
    cases.put("admin role", ok.copy().put("role", "ADMIN"));
    cases.put("unknown field", ok.copy().put("isAdmin", true));
    cases.forEach((name, body) -> {
      Http.Response r = post("/api/v1/auth/register", body);
      assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(400);
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.json().getJsonArray("errors")).as(name).isNotEmpty();
    });
    assertProblem(track(http.post("/api/v1/auth/register", "application/json", "[1,2]")), 400);
    assertProblem(track(http.post("/api/v1/auth/register", "application/json", "{\"username\":")), 400);
  }

  @Test
  void wrongPasswordAndUnknownUserLookAlikeAndRepeatedFailuresAreThrottled() {
    String name = unique("thr_");
    register(name, "SUBSCRIBER");
    String ip = ip();
    Http.Response wrong = post("/api/v1/auth/login", new JsonObject().put("login", name).put("password", "Wrong-password-1"),
        "X-Forwarded-For", ip);
    Http.Response unknown = post("/api/v1/auth/login", new JsonObject().put("login", unique("ghost_")).put("password", "Wrong-password-1"),
        "X-Forwarded-For", ip);
    assertProblem(wrong, 401);
    assertProblem(unknown, 401);
    assertThat(wrong.json().getString("detail")).isEqualTo(unknown.json().getString("detail"));

    // Timing: an unknown account costs a full hash too (medians of a few tries, generous bound).
    long known = medianLoginMillis(name);
    long ghost = medianLoginMillis(unique("ghost_"));
    assertThat(ghost).as("unknown %d ms vs known %d ms", ghost, known).isGreaterThan(known / 3);

    // Guesses from many addresses do not lock the owner out: their own address signs in.
    String victim = unique("vic_");
    register(victim, "SUBSCRIBER");
    for (int i = 0; i < 8; i++) {
      assertProblem(post("/api/v1/auth/login", new JsonObject().put("login", i % 2 == 0 ? victim : victim + "@example.com")
          .put("password", "Wrong-password-" + i), "X-Forwarded-For", ip()), 401);
    }
    login(victim, PASSWORD, ip());

    // One address guessing one account: username and email count as one, then each try must wait longer.
    String target = unique("tgt_");
    register(target, "SUBSCRIBER");
    String guesser = ip();
    for (int i = 0; i < 5; i++) {
      assertProblem(post("/api/v1/auth/login", new JsonObject().put("login", i % 2 == 0 ? target : target + "@EXAMPLE.com")
          .put("password", "Wrong-password-" + i), "X-Forwarded-For", guesser), 401);
    }
    Http.Response slowed = post("/api/v1/auth/login", new JsonObject().put("login", target).put("password", PASSWORD),
        "X-Forwarded-For", guesser);
    assertProblem(slowed, 429);
    assertThat(Long.parseLong(slowed.header("Retry-After"))).isBetween(1L, 2L);
    login(target, PASSWORD, ip()); // the owner, elsewhere, is not held up
    Await.poll(() -> post("/api/v1/auth/login", new JsonObject().put("login", target).put("password", PASSWORD),
        "X-Forwarded-For", guesser).status() == 200, 5000, "the delay passes and the right password is taken");

    String noisyIp = ip();
    for (int i = 0; i < 20; i++) {
      post("/api/v1/auth/login", new JsonObject().put("login", unique("spray_")).put("password", "Wrong-password-1"),
          "X-Forwarded-For", noisyIp);
    }
    String fresh = unique("fresh_");
    register(fresh, "SUBSCRIBER");
    assertProblem(post("/api/v1/auth/login", new JsonObject().put("login", fresh).put("password", PASSWORD),
        "X-Forwarded-For", noisyIp), 429);
    login(fresh, PASSWORD, ip());
  }

  @Test
  void displayNamesAndBiosAreStoredWithoutInvisibleOrLookAlikeCharacters() {
    String name = unique("disp_");
    Http.Response r = post("/api/v1/auth/register", new JsonObject().put("username", name).put("email", name + "@example.com")
        .put("password", PASSWORD).put("role", "CREATOR").put("displayName", "\uD835\uDD04dmin\u202E\u200B\u0000 Team"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().getString("displayName")).isEqualTo("Admin Team");
    String token = login(name, PASSWORD, ip()).getString("accessToken");
    Http.Response bio = patch("/api/v1/users/me", new JsonObject().put("bio", "line one\u2066\u2069\nline two\u0007"), token);
    assertThat(bio.status()).as(bio.body()).isEqualTo(200);
    assertThat(bio.json().getString("bio")).isEqualTo("line one\nline two");
    assertProblem(patch("/api/v1/users/me", new JsonObject().put("displayName", "\u200B\u202E\u2066"), token), 400);
    assertThat(get("/api/v1/creators/" + name).json().getString("displayName")).isEqualTo("Admin Team");
  }

  @Test
  void passwordChecksBehindATokenAreThrottledLikeSignIns() {
    String name = unique("rechk_");
    register(name, "SUBSCRIBER");
    String token = login(name, PASSWORD, ip()).getString("accessToken");
    String address = ip();
    for (int i = 0; i < 5; i++) {
      assertProblem(post("/api/v1/users/me/password", new JsonObject().put("currentPassword", "Wrong-password-" + i)
          .put("newPassword", "Another-Secret-phrase-9"), "Authorization", "Bearer " + token, "X-Forwarded-For", address), 403);
    }
    Http.Response slowed = post("/api/v1/users/me/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", "Another-Secret-phrase-9"), "Authorization", "Bearer " + token, "X-Forwarded-For", address);
    assertProblem(slowed, 429);
    assertThat(slowed.header("Retry-After")).isNotNull();
  }

  private static long medianLoginMillis(String login) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      post("/api/v1/auth/login", new JsonObject().put("login", login).put("password", "Wrong-password-x"), "X-Forwarded-For", ip());
      times.add((System.nanoTime() - t0) / 1_000_000);
    }
    times.sort(Long::compare);
    return times.get(1);
  }

  @Test
  void profilesPricesAndRoles() {
    String creator = unique("cr_");
    register(creator, "CREATOR");
    String creatorToken = login(creator, PASSWORD, ip()).getString("accessToken");
    String fan = unique("fan_");
    JsonObject fanUser = register(fan, "SUBSCRIBER");
    String fanToken = login(fan, PASSWORD, ip()).getString("accessToken");

    Http.Response updated = patch("/api/v1/users/me", new JsonObject().put("displayName", " Cara ").put("bio", "Hello")
        .put("subscriptionPrice", new JsonObject().put("amount", 1499).put("currency", "USD"))
        .put("bundles", new JsonArray().add(new JsonObject().put("months", 6).put("discountPercent", 20))
            .add(new JsonObject().put("months", 3).put("discountPercent", 10)))
        .put("trialDays", 7), creatorToken);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    JsonObject profile = get("/api/v1/creators/" + creator).json();
    assertThat(profile.getString("displayName")).isEqualTo("Cara");
    assertThat(profile.getJsonObject("subscriptionPrice").getInteger("amount")).isEqualTo(1499);
    assertThat(profile.getJsonArray("bundles").getJsonObject(0).getInteger("months")).isEqualTo(3);
    assertThat(profile.getInteger("trialDays")).isEqualTo(7);

    assertProblem(patch("/api/v1/users/me", new JsonObject().put("subscriptionPrice",
        new JsonObject().put("amount", 1499).put("currency", "USD")), fanToken), 403);
    assertProblem(patch("/api/v1/users/me", new JsonObject().put("trialDays", 3), fanToken), 403);
    assertProblem(patch("/api/v1/users/me", new JsonObject().put("subscriptionPrice",
        new JsonObject().put("amount", 5000).put("currency", "USD")), creatorToken), 400);
    assertProblem(patch("/api/v1/users/me", new JsonObject().put("subscriptionPrice",
        new JsonObject().put("amount", 498).put("currency", "USD")), creatorToken), 400);
    assertProblem(patch("/api/v1/users/me", new JsonObject().put("subscriptionPrice",
        new JsonObject().put("amount", 9.99).put("currency", "USD")), creatorToken), 400);
    assertProblem(patch("/api/v1/users/me", new JsonObject().put("trialDays", 31), creatorToken), 400);
    assertProblem(patch("/api/v1/users/me", new JsonObject().put("bundles", new JsonArray()
        .add(new JsonObject().put("months", 3).put("discountPercent", 60))), creatorToken), 400);
    assertProblem(patch("/api/v1/users/me", new JsonObject().put("bundles", new JsonArray()
        .add(new JsonObject().put("months", 3).put("discountPercent", 5)).add(new JsonObject().put("months", 3).put("discountPercent", 6))), creatorToken), 400);
    assertProblem(patch("/api/v1/users/me", new JsonObject(), creatorToken), 400);

    // The identity comes from the token only: a forged header changes nothing about whose profile is edited.
    Http.Response forged = track(http.send(http.request("/api/v1/users/me").header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + creatorToken).header(BusHeaders.USER_ID, fanUser.getString("id"))
        .method("PATCH", HttpRequest.BodyPublishers.ofString(new JsonObject().put("bio", "creator bio").encode()))));
    assertThat(forged.json().getString("username")).isEqualTo(creator);
    assertThat(get("/api/v1/users/me", "Authorization", "Bearer " + fanToken).json().getString("bio")).isEmpty();
    assertProblem(get("/api/v1/creators/" + fan), 404);
  }

  @Test
  void refreshRotatesAndAReplayEndsTheWholeSession() {
    String name = unique("ref_");
    register(name, "SUBSCRIBER");
    JsonObject first = login(name, PASSWORD, ip());
    Http.Response rotated = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", first.getString("refreshToken")));
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    JsonObject second = rotated.json();
    assertThat(second.getString("refreshToken")).isNotEqualTo(first.getString("refreshToken"));
    assertThat(get("/api/v1/users/me", "Authorization", bearer(second)).status()).isEqualTo(200);

    // Someone replays the first (used) refresh token: the whole family ends, legit holder included.
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", first.getString("refreshToken"))), 401);
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", second.getString("refreshToken"))), 401);
    assertProblem(get("/api/v1/users/me", "Authorization", bearer(second)), 401);
    assertProblem(get("/api/v1/users/me", "Authorization", bearer(first)), 401);

    // Other sessions of the same user are untouched.
    JsonObject other = login(name, PASSWORD, ip());
    assertThat(get("/api/v1/users/me", "Authorization", bearer(other)).status()).isEqualTo(200);
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", "x".repeat(43))), 401);
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", 42)), 400);
  }

  @Test
  void aTokenReplayedManyRotationsLaterStillEndsTheSession() {
    String name = unique("refold_");
    register(name, "SUBSCRIBER");
    String stolen = login(name, PASSWORD, ip()).getString("refreshToken");
    String latest = stolen;
    for (int i = 0; i < 25; i++) { // more than the session document remembers itself
      Http.Response r = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", latest));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      latest = r.json().getString("refreshToken");
    }
    Http.Response replay = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", stolen));
    assertProblem(replay, 401);
    assertThat(replay.body()).contains("already used");
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", latest)), 401);
  }

  @Test
  void aSessionSignedInWithAnOldPasswordCannotRefresh() {
    // The password changed without this session being revoked (a sign-in that raced the change, or
    // a revocation that did not finish): the refresh itself sees the password moved on.
    String name = unique("pwrace_");
    String id = register(name, "SUBSCRIBER").getString("id");
    String token = login(name, PASSWORD, ip()).getString("refreshToken");
    var mongo = Mongo.client(node.vertx(), node.config(), "auth-test");
    Await.result(mongo.updateCollection("users", new JsonObject().put("_id", id),
        new JsonObject().put("$set", new JsonObject().put("passwordChangedAt", Instant.now().toString()))));
    Http.Response refused = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", token));
    assertProblem(refused, 401);
    assertThat(refused.body()).contains("password was changed");
  }

  @Test
  void oneRefreshTokenUsedEightTimesAtOnceRotatesOnceAndTheRestAreReplays() throws Exception {
    String name = unique("refrace_");
    register(name, "SUBSCRIBER");
    String token = login(name, PASSWORD, ip()).getString("refreshToken");
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    var pool = Executors.newFixedThreadPool(8);
    List<String> issued = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      List<java.util.concurrent.Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        all.add(pool.submit(() -> {
          Http.Response r = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", token));
          statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
          if (r.status() == 200) {
            issued.add(r.json().getString("refreshToken"));
          }
        }));
      }
      for (var f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(statuses.get(200).get()).as("%s", statuses).isEqualTo(1);
    assertThat(statuses.get(401).get()).as("%s", statuses).isEqualTo(7);
    // The replays ended the session: the winner's next token is refused too.
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", issued.get(0))), 401);
  }

  /** The value of a cookie set by a response, and its attributes as sent. */
  private static String[] cookie(Http.Response r, String name) {
    String header = r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
    assertThat(header).as("Set-Cookie " + name + " in " + r.headers().allValues("set-cookie")).isNotNull();
    return new String[] {header.substring(name.length() + 1, header.indexOf(';')), header};
  }

  @Test
  void browsersKeepTheRefreshTokenInAnHttpOnlyCookieGuardedByACsrfToken() {
    String name = unique("ck_");
    register(name, "SUBSCRIBER");
    Http.Response signedIn = post("/api/v1/auth/login", new JsonObject().put("login", name).put("password", PASSWORD),
        "X-Forwarded-For", ip(), "X-Refresh-Token", "cookie");
    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
    assertThat(signedIn.json().containsKey("refreshToken")).as("kept out of script reach").isFalse();
    assertThat(signedIn.json().getString("accessToken")).isNotBlank();
    String[] refresh = cookie(signedIn, "ch_refresh");
    String[] csrf = cookie(signedIn, "ch_csrf");
    assertThat(refresh[1]).containsIgnoringCase("HttpOnly").contains("Secure").contains("SameSite=Strict").contains("Path=/api/v1/auth");
    assertThat(csrf[1]).doesNotContainIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    String cookies = "ch_refresh=" + refresh[0] + "; ch_csrf=" + csrf[0];

    // The cookie alone (a forged cross-site request) or with a wrong token is refused.
    assertProblem(track(http.post("/api/v1/auth/refresh", null, "", "Cookie", cookies)), 403);
    assertProblem(track(http.post("/api/v1/auth/refresh", null, "", "Cookie", cookies, "X-CSRF-Token", "guess")), 403);
    Http.Response rotated = track(http.post("/api/v1/auth/refresh", null, "", "Cookie", cookies, "X-CSRF-Token", csrf[0],
        "X-Refresh-Token", "cookie"));
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    assertThat(get("/api/v1/users/me", "Authorization", bearer(rotated.json())).status()).isEqualTo(200);
    String[] next = cookie(rotated, "ch_refresh");
    assertThat(next[0]).isNotEqualTo(refresh[0]);
    // The old cookie's token was used: replaying it ends the session.
    assertProblem(track(http.post("/api/v1/auth/refresh", null, "", "Cookie", cookies, "X-CSRF-Token", csrf[0])), 401);

    // Logout through the cookie ends the session and clears the cookies.
    String fresh = login(name, PASSWORD, ip()).getString("refreshToken");
    String[] freshCsrf = {"abc123"};
    String freshCookies = "ch_refresh=" + fresh + "; ch_csrf=" + freshCsrf[0];
    Http.Response out = track(http.post("/api/v1/auth/logout", null, "", "Cookie", freshCookies, "X-CSRF-Token", freshCsrf[0]));
    assertThat(out.status()).as(out.body()).isEqualTo(204);
    assertThat(cookie(out, "ch_refresh")[1]).contains("Max-Age=0");
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", fresh)), 401);
  }

  @Test
  void logoutEndsTheSessionAndPasswordChangeEndsAllOfThem() {
    String name = unique("out_");
    register(name, "SUBSCRIBER");
    JsonObject a = login(name, PASSWORD, ip());
    JsonObject b = login(name, PASSWORD, ip());
    Http.Response out = track(http.send(http.request("/api/v1/auth/logout").header("Authorization", bearer(a))
        .POST(HttpRequest.BodyPublishers.noBody())));
    assertThat(out.status()).as(out.body()).isEqualTo(204);
    assertProblem(get("/api/v1/users/me", "Authorization", bearer(a)), 401);
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", a.getString("refreshToken"))), 401);
    assertThat(get("/api/v1/users/me", "Authorization", bearer(b)).status()).isEqualTo(200);

    String newPassword = "Quiet-meadow-river-88";
    assertProblem(post("/api/v1/users/me/password", new JsonObject().put("currentPassword", "Wrong-one-1234")
        .put("newPassword", newPassword), "Authorization", bearer(b)), 403);
    assertProblem(post("/api/v1/users/me/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", "password1234"), "Authorization", bearer(b)), 400);
    Http.Response changed = post("/api/v1/users/me/password", new JsonObject().put("currentPassword", PASSWORD)
        .put("newPassword", newPassword), "Authorization", bearer(b));
    assertThat(changed.status()).as(changed.body()).isEqualTo(204);
    assertProblem(get("/api/v1/users/me", "Authorization", bearer(b)), 401);
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", b.getString("refreshToken"))), 401);
    assertProblem(post("/api/v1/auth/login", new JsonObject().put("login", name).put("password", PASSWORD), "X-Forwarded-For", ip()), 401);
    JsonObject again = login(name, newPassword, ip());
    assertThat(get("/api/v1/users/me", "Authorization", bearer(again)).status()).isEqualTo(200);
  }

  @Test
  void twoFactorSignInWithTotpAndRecoveryCodes() {
    String name = unique("tfa_");
    register(name, "CREATOR");
    JsonObject session = login(name, PASSWORD, ip());
    Http.Response setup = post("/api/v1/users/me/totp", new JsonObject(), "Authorization", bearer(session));
    assertThat(setup.status()).as(setup.body()).isEqualTo(200);
    String secret = setup.json().getString("secret");
    assertThat(setup.json().getString("otpauthUrl")).startsWith("otpauth://totp/");
    assertProblem(post("/api/v1/users/me/totp/enable", new JsonObject().put("code", "000000"), "Authorization", bearer(session)), 400);
    Http.Response enabled = post("/api/v1/users/me/totp/enable", new JsonObject().put("code", code(secret, 0)),
        "Authorization", bearer(session));
    assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
    JsonArray recovery = enabled.json().getJsonArray("recoveryCodes");
    assertThat(recovery).hasSize(10);
    assertThat(get("/api/v1/users/me", "Authorization", bearer(session)).json().getBoolean("totpEnabled")).isTrue();

    Http.Response needsCode = post("/api/v1/auth/login", new JsonObject().put("login", name).put("password", PASSWORD), "X-Forwarded-For", ip());
    assertProblem(needsCode, 401);
    assertThat(needsCode.json().getBoolean("totpRequired")).isTrue();
    // The enabling code was for this step: the next step's code signs in, once.
    String next = code(secret, 1);
    Http.Response withCode = post("/api/v1/auth/login", new JsonObject().put("login", name).put("password", PASSWORD).put("totp", next),
        "X-Forwarded-For", ip());
    assertThat(withCode.status()).as(withCode.body()).isEqualTo(200);
    assertProblem(post("/api/v1/auth/login", new JsonObject().put("login", name).put("password", PASSWORD).put("totp", next),
        "X-Forwarded-For", ip()), 401);
    String recoveryCode = recovery.getString(0);
    assertThat(post("/api/v1/auth/login", new JsonObject().put("login", name).put("password", PASSWORD)
        .put("totp", recoveryCode.toLowerCase()), "X-Forwarded-For", ip()).status()).isEqualTo(200);
    assertProblem(post("/api/v1/auth/login", new JsonObject().put("login", name).put("password", PASSWORD)
        .put("totp", recoveryCode), "X-Forwarded-For", ip()), 401);

    assertProblem(post("/api/v1/users/me/totp/disable", new JsonObject().put("password", PASSWORD).put("code", "123456"),
        "Authorization", bearer(withCode.json())), 403);
    for (Http.Response later : List.of(withCode, get("/api/v1/users/me", "Authorization", bearer(withCode.json())))) {
      assertThat(later.body()).doesNotContain(secret).doesNotContain(recovery.getString(5));
    }
    Http.Response disabled = post("/api/v1/users/me/totp/disable", new JsonObject().put("password", PASSWORD)
        .put("code", recovery.getString(1)), "Authorization", bearer(withCode.json()));
    assertThat(disabled.status()).as(disabled.body()).isEqualTo(204);
    login(name, PASSWORD, ip());
  }

  private static String code(String secret, int stepsAhead) {
    String padded = secret;
    while (padded.length() % 8 != 0) {
      padded += "=";
    }
    return Totp.code(Base32.decode(padded), Totp.step(Instant.now().getEpochSecond()) + stepsAhead, 6, "HmacSHA1");
  }

  @Test
  void adminsVerifyAndSuspendAndOthersCannot() {
    JsonObject admin = login("root", "bootstrap-Secret-9x", ip());
    assertThat(admin.getJsonObject("user").getString("role")).isEqualTo("ADMIN");
    String creator = unique("vip_");
    JsonObject creatorUser = register(creator, "CREATOR");
    JsonObject creatorSession = login(creator, PASSWORD, ip());
    String id = creatorUser.getString("id");

    assertProblem(post("/api/v1/admin/users/" + id + "/verify", new JsonObject().put("verified", true),
        "Authorization", bearer(creatorSession)), 403);
    Http.Response verified = post("/api/v1/admin/users/" + id + "/verify", new JsonObject().put("verified", true),
        "Authorization", bearer(admin));
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(get("/api/v1/creators/" + creator).json().getBoolean("verified")).isTrue();

    Http.Response list = get("/api/v1/admin/users?q=" + creator, "Authorization", bearer(admin));
    assertThat(list.json().getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(id);
    assertProblem(get("/api/v1/admin/users", "Authorization", bearer(creatorSession)), 403);

    Http.Response suspended = post("/api/v1/admin/users/" + id + "/suspend", new JsonObject().put("suspended", true)
        .put("reason", "test"), "Authorization", bearer(admin));
    assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
    assertProblem(get("/api/v1/users/me", "Authorization", bearer(creatorSession)), 401);
    assertProblem(post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", creatorSession.getString("refreshToken"))), 401);
    assertProblem(post("/api/v1/auth/login", new JsonObject().put("login", creator).put("password", PASSWORD), "X-Forwarded-For", ip()), 403);
    assertProblem(get("/api/v1/creators/" + creator), 404);

    assertThat(post("/api/v1/admin/users/" + id + "/suspend", new JsonObject().put("suspended", false),
        "Authorization", bearer(admin)).status()).isEqualTo(200);
    JsonObject back = login(creator, PASSWORD, ip());
    assertThat(get("/api/v1/users/me", "Authorization", bearer(back)).status()).isEqualTo(200);
    assertProblem(post("/api/v1/admin/users/" + admin.getJsonObject("user").getString("id") + "/suspend",
        new JsonObject().put("suspended", true), "Authorization", bearer(admin)), 409);
    assertProblem(post("/api/v1/admin/users/no-such-id/verify", new JsonObject().put("verified", true), "Authorization", bearer(admin)), 404);
  }

  @Test
  void avatarsMustBeTheUsersOwnImages() {
    String owner = unique("img_");
    JsonObject ownerUser = register(owner, "CREATOR");
    String token = login(owner, PASSWORD, ip()).getString("accessToken");
    // Without the uploads domain nobody can vouch for a media id: refused, nothing changed.
    assertProblem(patch("/api/v1/users/me", new JsonObject().put("avatarMediaId", "m-1"), token), 503);

    // A stand-in uploads domain that knows three media objects.
    Map<String, JsonObject> media = Map.of(
        "mine", new JsonObject().put("ownerId", ownerUser.getString("id")).put("mimeType", "image/png"),
        "theirs", new JsonObject().put("ownerId", "someone-else").put("mimeType", "image/jpeg"),
        "video", new JsonObject().put("ownerId", ownerUser.getString("id")).put("mimeType", "video/mp4"));
    var describe = node.vertx().eventBus().<JsonObject>consumer(dev.creatorhub.uploads.api.UploadsClient.DESCRIBE, msg -> {
      JsonObject found = media.get(msg.body().getString("id"));
      if (found == null) {
        msg.fail(404, "no such media");
      } else {
        msg.reply(found);
      }
    });
    Await.result(describe.completion());
    try {
      assertProblem(patch("/api/v1/users/me", new JsonObject().put("avatarMediaId", "theirs"), token), 403);
      assertProblem(patch("/api/v1/users/me", new JsonObject().put("bannerMediaId", "video"), token), 400);
      assertProblem(patch("/api/v1/users/me", new JsonObject().put("avatarMediaId", "missing"), token), 400);
      Http.Response ok = patch("/api/v1/users/me", new JsonObject().put("avatarMediaId", "mine").put("bannerMediaId", "mine"), token);
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(get("/api/v1/creators/" + owner).json().getString("avatar")).isEqualTo("mine");
      assertThat(patch("/api/v1/users/me", new JsonObject().putNull("avatarMediaId"), token).json().getString("avatar")).isNull();
    } finally {
      Await.result(describe.unregister());
    }
  }

  @Test
  void otherDomainsLookUsersUpOverTheEventBus() {
    String name = unique("look_");
    String id = register(name, "CREATOR").getString("id");
    var bus = node.vertx().eventBus();
    JsonObject byName = Await.result(bus.<JsonObject>request(AuthClient.USER_GET, new JsonObject().put("username", name.toUpperCase()))).body();
    JsonObject byId = Await.result(bus.<JsonObject>request(AuthClient.USER_GET, new JsonObject().put("id", id))).body();
    assertThat(byName.getString("id")).isEqualTo(id);
    assertThat(byId.getString("username")).isEqualTo(name);
    assertThat(byId.getString("status")).isEqualTo("ACTIVE");
    assertThat(byId.encode()).doesNotContain("passwordHash").doesNotContain("email");
    JsonObject batch = Await.result(bus.<JsonObject>request(AuthClient.USERS_GET, new JsonObject().put("ids", new JsonArray().add(id).add("nope")))).body();
    assertThat(batch.getJsonArray("users")).hasSize(1);
    Throwable missing = Await.result(bus.request(AuthClient.USER_GET, new JsonObject().put("id", "nope"))
        .transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(((io.vertx.core.eventbus.ReplyException) missing).failureCode()).isEqualTo(404);

    // The typed client other domains use: records, 404s as ApiExceptions, any number of ids.
    AuthClient client = new AuthClient(node.vertx());
    UserInfo creator = Await.result(client.activeCreator(name));
    assertThat(creator.id()).isEqualTo(id);
    assertThat(creator.isActiveCreator()).isTrue();
    assertThat(creator.subscriptionPrice()).isNotNull();
    String fan = register(unique("lookfan_"), "SUBSCRIBER").getString("id");
    Throwable notACreator = Await.result(client.creator(fan).transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(notACreator).isInstanceOf(ApiException.class).hasMessageContaining("No such creator");
    List<String> many = new ArrayList<>(List.of(id, fan));
    for (int i = 0; i < 250; i++) {
      many.add(java.util.UUID.randomUUID().toString());
    }
    assertThat(Await.result(client.users(many))).containsOnlyKeys(id, fan);
  }

  @Test
  void accountEventsReachKafkaThroughTheOutbox() {
    Set<String> registered = ConcurrentHashMap.newKeySet();
    var mongo = Mongo.client(node.vertx(), node.config(), "auth-test");
    var consumer = Await.result(EventConsumer.start(node.vertx(), node.config(), "test", unique("auth-test-"),
        Set.of(AuthAddresses.TOPIC_REGISTERED), mongo, event -> {
          registered.add(event.getJsonObject("payload").getString("id"));
          return Future.succeededFuture();
        }));
    String id = register(unique("evt_"), "CREATOR").getString("id");
    Await.result(dev.creatorhub.shared.testkit.Await.until(node.vertx(),
        () -> Future.succeededFuture(registered.contains(id)), 30_000, "user.registered for " + id));
    Await.result(consumer.close());
  }
}
