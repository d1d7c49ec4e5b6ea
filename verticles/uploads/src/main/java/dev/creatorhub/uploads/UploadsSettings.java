package dev.creatorhub.uploads;

import dev.creatorhub.shared.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/** The {@code uploads} section, checked at start (a missing or mistyped key stops it, naming the key). */
public record UploadsSettings(long maxBytes, long maxImageBytes, long maxImagePixels, Set<String> allowedTypes,
                              long urlTtlSeconds, int processingThreads, int heavyProcessingThreads, long smallImagePixels,
                              long maxDecodedPixels, int maxInFlightPerUser, boolean watermark, String ffprobe, String ffmpeg) {

  public static UploadsSettings from(JsonObject config) {
    Settings s = Settings.of(config, "uploads");
    return new UploadsSettings(s.requirePositive("maxBytes"), s.requirePositive("maxImageBytes"), s.requirePositive("maxImagePixels"),
        Set.copyOf(s.requireStrings("allowedTypes")), s.requirePositive("urlTtlSeconds"), s.requireInt("processingThreads"),
        s.requireInt("heavyProcessingThreads"), s.requirePositive("smallImagePixels"), s.requirePositive("maxDecodedPixels"),
        s.requireInt("maxInFlightPerUser"), s.requireBoolean("watermark"), s.requireString("ffprobe"), s.requireString("ffmpeg"));
  }
}
