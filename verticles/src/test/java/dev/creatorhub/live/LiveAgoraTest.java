package dev.creatorhub.live;

import dev.creatorhub.node.Node;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.testing.BridgeClient;
import dev.creatorhub.testing.FakeAgora;
import dev.creatorhub.testing.Http;
import dev.creatorhub.testing.TestAccounts;
import dev.creatorhub.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/** With Agora configured: tokens in join, cloud recording around the stream, bans sent to Agora (a local fake of its REST API). */
@Timeout(120)
class LiveAgoraTest {

  static final String APP_ID = "970CA35de60c44645bbae8a215061b33";
  static FakeAgora agora;
  static Node node;
  static Http http;
  static int port;

  @BeforeAll
  static void start() {
    agora = new FakeAgora();
    JsonObject config = TestNodes.config(new JsonObject().put("gateway", 1).put("auth", 1).put("live", 1));
    config.getJsonObject("live").put("agora", new JsonObject().put("appId", APP_ID).put("appCertificate", "5CFd2fd1755d40ecb72977518be15d3b")
        .put("customerKey", "ck").put("customerSecret", "cs").put("restBase", agora.base()).put("banMinutes", 60)
        .put("recordingStorage", new JsonObject().put("vendor", 1).put("region", 0).put("bucket", "recordings")
            .put("accessKey", "ak").put("secretKey", "sk")));
    node = TestNodes.start(config, false);
    port = config.getJsonObject("http").getInteger("port");
    http = new Http(port);
  }

  @AfterAll
  static void stop() {
    Await.result(node.stop());
    agora.close();
  }

  /** The token's signed content, inflated (its layout is checked against Agora's vectors elsewhere). */
  static String content(String token) throws Exception {
    assertThat(token).startsWith("007");
    Inflater inflater = new Inflater();
    inflater.setInput(Base64.getDecoder().decode(token.substring(3)));
    byte[] out = new byte[4096];
    int n = inflater.inflate(out);
    return new String(out, 0, n, StandardCharsets.ISO_8859_1);
  }

  @Test
  void joinGivesAgoraTokensAndRecordingAndBansGoThroughAgorasRestApi() throws Exception {
    JsonObject creator = TestAccounts.create(http, "CREATOR");
    JsonObject fan = TestAccounts.create(http, "SUBSCRIBER");
    String bearer = "Bearer " + creator.getString("token");
    String id = http.post("/api/v1/streams", "application/json", new JsonObject().put("title", "rec").put("access", "PUBLIC")
        .put("recordingEnabled", true).encode(), "Authorization", bearer).json().getString("id");
    assertThat(http.post("/api/v1/streams/" + id + "/start", null, "", "Authorization", bearer).status()).isEqualTo(200);

    Await.poll(() -> agora.calls("/start").size() == 1, 10_000, "recording started");
    FakeAgora.Call acquire = agora.calls("/acquire").get(0);
    assertThat(acquire.path()).isEqualTo("/v1/apps/" + APP_ID + "/cloud_recording/acquire");
    assertThat(acquire.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString("ck:cs".getBytes(StandardCharsets.UTF_8)));
    assertThat(acquire.body().getString("cname")).isEqualTo(id);
    FakeAgora.Call started = agora.calls("/start").get(0);
    assertThat(started.path()).contains("/resourceid/res-").endsWith("/mode/mix/start");
    assertThat(started.body().getJsonObject("clientRequest").getJsonObject("storageConfig").getString("bucket")).isEqualTo("recordings");
    assertThat(content(started.body().getJsonObject("clientRequest").getString("token"))).contains(APP_ID).contains(id);

    JsonObject host = http.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", bearer).json();
    JsonObject viewer = http.post("/api/v1/streams/" + id + "/join", null, "", "Authorization", "Bearer " + fan.getString("token")).json();
    assertThat(host.getJsonObject("rtc").getString("provider")).isEqualTo("agora");
    assertThat(host.getJsonObject("rtc").getString("appId")).isEqualTo(APP_ID);
    assertThat(host.getJsonObject("rtc").getString("channel")).isEqualTo(id);
    assertThat(host.getString("role")).isEqualTo("PUBLISHER");
    assertThat(viewer.getString("role")).isEqualTo("VIEWER");
    assertThat(content(viewer.getJsonObject("rtc").getString("token"))).contains(id).contains(fan.getString("id"));
    // Viewers get join only; the creator also gets the three publish privileges: a longer privilege map.
    assertThat(content(host.getJsonObject("rtc").getString("token")).length())
        .isEqualTo(content(viewer.getJsonObject("rtc").getString("token")).length() - fan.getString("id").length()
            + creator.getString("id").length() + 3 * 6);

    try (BridgeClient mod = BridgeClient.connect(node.vertx(), port, null)) {
      String reply = "r-" + UUID.randomUUID();
      mod.send("live.mod.ban", new JsonObject().put("Authorization", bearer),
          new JsonObject().put("streamId", id).put("userId", fan.getString("id")), reply);
      assertThat(mod.next(f -> reply.equals(f.getString("address")), 5000).getString("type")).isEqualTo("rec");
    }
    Await.poll(() -> agora.calls("/dev/v1/kicking-rule").size() == 1, 10_000, "kicking rule");
    JsonObject rule = agora.calls("/dev/v1/kicking-rule").get(0).body();
    assertThat(rule.getString("cname")).isEqualTo(id);
    assertThat(rule.getString("uid")).isEqualTo(fan.getString("id"));
    assertThat(rule.getInteger("time")).isEqualTo(60);

    assertThat(http.post("/api/v1/streams/" + id + "/end", null, "", "Authorization", bearer).status()).isEqualTo(200);
    Await.poll(() -> agora.calls("/stop").size() == 1, 10_000, "recording stopped");
    assertThat(agora.calls("/stop").get(0).path()).contains("/resourceid/" + started.path().split("/")[6] + "/sid/sid-");
  }
}
