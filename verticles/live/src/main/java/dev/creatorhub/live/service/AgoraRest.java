package dev.creatorhub.live.service;

import dev.creatorhub.live.LiveSettings;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Agora's REST API through the Vert.x WebClient: cloud recording (acquire, start, stop) for streams
 * with recording enabled, and a kicking rule that removes a banned user from the channel. Calls
 * authenticate with the customer key and secret (HTTP Basic). Off unless those are configured.
 */
final class AgoraRest {

  /** The uid the recording bot joins the channel with (Agora's recorder needs a uid of its own). */
  static final String RECORDER_UID = "527841";

  private final WebClient web;
  private final LiveSettings.Agora agora;
  private final String authorization;

  AgoraRest(Vertx vertx, LiveSettings.Agora agora) {
    this.agora = agora;
    this.web = WebClient.create(vertx);
    String credentials = agora.customerKey() + ":" + agora.customerSecret();
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  boolean enabled() {
    return agora.hasRestApi();
  }

  /** Acquires a recording resource and starts composite recording of the channel; returns {resourceId, sid, uid}. */
  Future<JsonObject> startRecording(String channel) {
    String base = "/v1/apps/" + agora.appId() + "/cloud_recording";
    LiveSettings.RecordingStorage storage = agora.recordingStorage();
    return post(base + "/acquire", new JsonObject().put("cname", channel).put("uid", RECORDER_UID)
            .put("clientRequest", new JsonObject().put("resourceExpiredHour", 24).put("scene", 0)))
        .compose(acquired -> {
          String resourceId = acquired.getString("resourceId");
          long issued = Instant.now().getEpochSecond();
          int ttl = 24 * 3600;
          String token = AgoraTokens.build(agora.appId(), agora.appCertificate(), issued, ttl, issued,
              List.of(AgoraTokens.Service.rtc(channel, RECORDER_UID, false, ttl)));
          JsonObject request = new JsonObject().put("token", token)
              .put("recordingConfig", new JsonObject().put("channelType", 1).put("streamTypes", 2).put("maxIdleTime", 120))
              .put("storageConfig", new JsonObject().put("vendor", storage.vendor()).put("region", storage.region())
                  .put("bucket", storage.bucket()).put("accessKey", storage.accessKey())
                  .put("secretKey", storage.secretKey()).put("fileNamePrefix", new JsonArray().add("streams").add(channel.replace("-", ""))));
          return post(base + "/resourceid/" + resourceId + "/mode/mix/start",
              new JsonObject().put("cname", channel).put("uid", RECORDER_UID).put("clientRequest", request))
              .map(started -> new JsonObject().put("resourceId", resourceId).put("sid", started.getString("sid")).put("uid", RECORDER_UID));
        });
  }

  Future<JsonObject> stopRecording(String channel, JsonObject recording) {
    return post("/v1/apps/" + agora.appId() + "/cloud_recording/resourceid/" + recording.getString("resourceId")
        + "/sid/" + recording.getString("sid") + "/mode/mix/stop",
        new JsonObject().put("cname", channel).put("uid", recording.getString("uid")).put("clientRequest", new JsonObject()));
  }

  /** Removes the user from the channel (and keeps them out) for {@code minutes}. */
  Future<JsonObject> kick(String channel, String uid, int minutes) {
    return post("/dev/v1/kicking-rule", new JsonObject().put("appid", agora.appId()).put("cname", channel).put("uid", uid)
        .put("ip", "").put("time", minutes).put("privileges", new JsonArray().add("join_channel")));
  }

  private Future<JsonObject> post(String path, JsonObject body) {
    return web.postAbs(agora.restBase() + path).putHeader("Authorization", authorization)
        .putHeader("Content-Type", "application/json").timeout(10_000)
        .sendJsonObject(body)
        .compose(AgoraRest::answer);
  }

  private static Future<JsonObject> answer(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      return Future.failedFuture(new ApiException(502, "Bad Gateway", "Agora answered " + response.statusCode() + ".", null));
    }
    try {
      return Future.succeededFuture(response.bodyAsJsonObject());
    } catch (RuntimeException e) {
      return Future.failedFuture(new ApiException(502, "Bad Gateway", "Agora's answer was not JSON.", null));
    }
  }

  void close() {
    web.close();
  }
}
