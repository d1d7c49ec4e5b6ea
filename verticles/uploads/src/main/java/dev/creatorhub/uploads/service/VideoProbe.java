package dev.creatorhub.uploads.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Duration, size and a poster frame of a video, with Debian's {@code ffprobe}/{@code ffmpeg} when
 * they are installed (they read the object through a short-lived presigned URL, so the video is
 * never copied here). Blocking: call it on a worker thread.
 */
final class VideoProbe {

  /** What ffprobe found; {@code poster} is a JPEG frame or null. */
  record Facts(double durationSeconds, int width, int height, byte[] poster) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(VideoProbe.class);
  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String ffprobe;
  private final String ffmpeg;
  private volatile boolean available;
  private volatile long checkedAt;

  VideoProbe(String ffprobe, String ffmpeg) {
    this.ffprobe = ffprobe;
    this.ffmpeg = ffmpeg;
    check();
  }

  /**
   * Both ffprobe and ffmpeg run here: without them no video can be checked or stripped, so none is
   * accepted. Blocking. A failed check is made again when a video arrives (at most once a second): one
   * slow start of the tools on a loaded machine must not refuse videos for the node's whole life.
   */
  boolean available() {
    if (!available && System.nanoTime() - checkedAt > RECHECK_NANOS) {
      check();
    }
    return available;
  }

  private void check() {
    available = runs(ffprobe) && runs(ffmpeg);
    checkedAt = System.nanoTime();
  }

  /** Where a stripped video goes (S3): it reads the temporary file before it is deleted. */
  interface Sink {
    void accept(java.nio.file.Path file) throws IOException;
  }

  /**
   * Remuxes the video into a temporary file without any metadata (global, per stream, chapters; no
   * data or subtitle tracks, where cameras keep GPS): the streams are copied, not re-encoded. Hands
   * the file to {@code sink}, deletes it and returns its size; -1 when ffmpeg cannot read the video.
   */
  long strip(String url, String mimeType, Sink sink) throws IOException, InterruptedException {
    String format = switch (mimeType) {
      case "video/webm" -> "webm";
      case "video/quicktime" -> "mov";
      default -> "mp4";
    };
    java.nio.file.Path out = java.nio.file.Files.createTempFile("creatorhub-video", "." + format);
    try {
      List<String> command = new java.util.ArrayList<>(List.of(ffmpeg, "-v", "error", "-y", "-i", url,
          "-map", "0:v", "-map", "0:a?", "-c", "copy", "-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1",
          "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"));
      if (!format.equals("webm")) {
        command.addAll(List.of("-movflags", "+faststart"));
      }
      command.addAll(List.of("-f", format, out.toString()));
      long size = run(command, 600) == null ? 0 : java.nio.file.Files.size(out);
      if (size == 0) {
        return -1;
      }
      sink.accept(out);
      return size;
    } finally {
      java.nio.file.Files.deleteIfExists(out);
    }
  }

  /** Null when ffprobe finds no video stream it can read. */
  Facts probe(String url) throws IOException, InterruptedException {
    byte[] out = run(List.of(ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
        "format=duration:stream=width,height", "-of", "json", url), 30);
    if (out == null) {
      return null;
    }
    JsonObject facts = new JsonObject(new String(out, java.nio.charset.StandardCharsets.UTF_8));
    JsonArray streams = facts.getJsonArray("streams", new JsonArray());
    if (streams.isEmpty()) {
      return null;
    }
    JsonObject stream = streams.getJsonObject(0);
    String duration = facts.getJsonObject("format", new JsonObject()).getString("duration", "0");
    byte[] poster = run(List.of(ffmpeg, "-v", "error", "-i", url, "-frames:v", "1", "-f", "image2pipe",
        "-c:v", "mjpeg", "-"), 30);
    return new Facts(parse(duration), stream.getInteger("width", 0), stream.getInteger("height", 0),
        poster == null || poster.length == 0 ? null : poster);
  }

  private static double parse(String value) {
    try {
      return Math.round(Double.parseDouble(value) * 1000) / 1000.0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The process's standard output, or null when it fails or takes too long. */
  private static byte[] run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      try (InputStream in = process.getInputStream()) {
        in.transferTo(out);
      } catch (IOException ignored) {
        // the process died; its exit status says so
      }
    }, "video-probe-output");
    reader.setDaemon(true);
    reader.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return null;
    }
    reader.join(5000);
    return process.exitValue() == 0 ? out.toByteArray() : null;
  }

  private static boolean runs(String command) {
    try {
      Process process = new ProcessBuilder(command, "-version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        LOG.warn("{} -version did not finish within 20 s", command);
        return false;
      }
      if (process.exitValue() != 0) {
        LOG.warn("{} -version exited with {}", command, process.exitValue());
        return false;
      }
      return true;
    } catch (IOException e) {
      LOG.warn("{} cannot be run: {}", command, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("{} -version was interrupted", command);
      return false;
    }
  }
}
