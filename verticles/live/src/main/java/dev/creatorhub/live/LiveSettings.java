package dev.creatorhub.live;

import dev.creatorhub.shared.config.Settings;
import dev.creatorhub.shared.money.Money;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The {@code live} section (and the platform currency), checked at start: a missing or mistyped key stops it, naming the key. */
public record LiveSettings(int maxChatLength, int chatPerUserPer10s, int backlogSize, long backlogKeepSeconds,
                           long viewersPushMs, long creatorAwaySeconds, int tokenTtlSeconds, long minTicketPrice,
                           long maxTicketPrice, Agora agora, WebRtc webrtc, String currency) {

  /** Agora video: tokens need the app id and certificate, its REST API (recording, kicks) the customer key too. */
  public record Agora(String appId, String appCertificate, String customerKey, String customerSecret, String restBase,
                      int banMinutes, RecordingStorage recordingStorage) {
    public boolean issuesTokens() {
      return !appId.isBlank() && !appCertificate.isBlank();
    }

    public boolean hasRestApi() {
      return !appId.isBlank() && !customerKey.isBlank() && !customerSecret.isBlank();
    }
  }

  /** Where Agora's cloud recording writes (its storage vendor and region codes). */
  public record RecordingStorage(int vendor, int region, String bucket, String accessKey, String secretKey) {
  }

  /** The local WebRTC fallback: ICE servers as the browser takes them, and its viewer cap. */
  public record WebRtc(JsonArray iceServers, int maxViewers) {
  }

  public static LiveSettings from(JsonObject config) {
    Settings s = Settings.of(config, "live");
    Settings ticket = s.section("ticketPrice");
    Settings agora = s.section("agora");
    Settings storage = agora.section("recordingStorage");
    Settings webrtc = s.section("webrtc");
    return new LiveSettings(s.requireInt("maxChatLength"), s.requireInt("chatPerUserPer10s"), s.requireInt("backlogSize"),
        s.requirePositive("backlogKeepSeconds"), s.requirePositive("viewersPushMs"), s.requirePositive("creatorAwaySeconds"),
        s.requireInt("tokenTtlSeconds"), ticket.requireLong("min"), ticket.requireLong("max"),
        new Agora(agora.requireString("appId"), agora.requireString("appCertificate"), agora.requireString("customerKey"),
            agora.requireString("customerSecret"), agora.requireString("restBase"), agora.requireInt("banMinutes"),
            new RecordingStorage(storage.requireInt("vendor"), storage.requireInt("region"), storage.requireString("bucket"),
                storage.requireString("accessKey"), storage.requireString("secretKey"))),
        new WebRtc(webrtc.requireArray("iceServers"), webrtc.requireInt("maxViewers")), Money.platformCurrency(config));
  }
}
