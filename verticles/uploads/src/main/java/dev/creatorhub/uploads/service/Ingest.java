package dev.creatorhub.uploads.service;

import dev.creatorhub.uploads.UploadsSettings;
import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.uploads.UploadsAddresses;
import dev.creatorhub.uploads.store.MediaStore;
import dev.creatorhub.uploads.store.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What the upload route stored becomes media: images re-encoded in place (metadata gone, optionally
 * watermarked) with a thumbnail and a blurred preview, videos stripped of their metadata with a
 * poster frame; refused (and deleted) when that cannot be done.
 */
public final class Ingest {

  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

  private final Vertx vertx;
  private final MediaStore media;
  private final ObjectStore objects;
  private final AuthClient auth;
  private final WorkerExecutor processing;
  /** Big images and videos: one lane of their own, so they never hold up the small ones. */
  private final WorkerExecutor heavy;
  private final UploadsSettings settings;
  private final Clock clock;
  private VideoProbe videos;

  Ingest(Vertx vertx, MediaStore media, ObjectStore objects, AuthClient auth, WorkerExecutor processing, WorkerExecutor heavy,
         UploadsSettings settings, Clock clock) {
    this.vertx = vertx;
    this.media = media;
    this.objects = objects;
    this.auth = auth;
    this.processing = processing;
    this.heavy = heavy;
    this.settings = settings;
    this.clock = clock;
  }

  /** Blocking (startup, on a worker): finds ffprobe and ffmpeg. */
  boolean findVideoTools() {
    videos = new VideoProbe(settings.ffprobe(), settings.ffmpeg());
    return videos.available();
  }

  public Future<JsonObject> ingest(String ownerId, String key, String mimeType, Long size) {
    if (key == null || !key.startsWith("media/") || mimeType == null) {
      return Future.failedFuture(new ApiException(400, "Ingest needs the stored key and its type."));
    }
    String id = UUID.randomUUID().toString();
    JsonObject doc = new JsonObject().put("_id", id).put("ownerId", ownerId).put("key", key)
        .put("size", size).put("createdAt", clock.instant().toString());
    Future<JsonObject> described = mimeType.startsWith("image/")
        ? watermarkText(ownerId).compose(text -> processing.executeBlocking(() -> readImage(doc, mimeType), false)
            .compose(image -> (image.pixels() > settings.smallImagePixels() ? heavy : processing)
                .executeBlocking(() -> storeImage(doc, image, text), false)))
        : heavy.executeBlocking(() -> storeVideo(doc, mimeType), false);
    return described
        .recover(err -> deleteAll(doc).transform(ignored -> Future.failedFuture(
            err instanceof ApiException ? err : new ApiException(503, "The file could not be processed; try again."))))
        .compose(stored -> {
          Outbox.attach(stored, Outbox.event(UploadsAddresses.TOPIC_MEDIA_UPLOADED, id, new JsonObject()
              .put("mediaId", id).put("ownerId", ownerId).put("mimeType", stored.getString("mimeType"))
              .put("size", stored.getLong("size"))));
          return media.insert(stored)
              .recover(err -> deleteAll(doc).transform(ignored -> Future.failedFuture(err)))
              .map(v -> MediaAccess.view(stored));
        });
  }

  /** The owner's handle when watermarks are on, else null. */
  private Future<String> watermarkText(String ownerId) {
    if (!settings.watermark()) {
      return Future.succeededFuture(null);
    }
    return auth.user(ownerId).map(owner -> "@" + owner.username());
  }

  private record StoredImage(byte[] bytes, String mimeType, long pixels) {
  }

  /** Blocking: the stored image's bytes and its size in pixels (from its header: nothing decoded yet). */
  private StoredImage readImage(JsonObject doc, String mimeType) {
    byte[] original = objects.get(doc.getString("key"));
    return new StoredImage(original, mimeType, ImageProcessor.pixels(original, mimeType));
  }

  /** Blocking: re-encodes the stored image in place and adds its thumbnail and blurred preview. */
  private JsonObject storeImage(JsonObject doc, StoredImage image, String watermark) {
    String key = doc.getString("key");
    ImageProcessor.Result result = ImageProcessor.process(image.bytes(), image.mimeType(), settings.maxImagePixels(),
        settings.maxDecodedPixels(), watermark);
    objects.put(key, result.image(), result.mimeType());
    objects.put(key + ".thumb.jpg", result.thumbnail(), "image/jpeg");
    objects.put(key + ".blur.jpg", result.blurred(), "image/jpeg");
    return doc.put("mimeType", result.mimeType()).put("size", (long) result.image().length)
        .put("width", result.width()).put("height", result.height())
        .put("thumbnailKey", key + ".thumb.jpg").put("blurredKey", key + ".blur.jpg");
  }

  /**
   * Blocking: probes the stored video, replaces it with a copy without metadata (a phone's video
   * carries where it was shot) and keeps a poster frame. Refused when that cannot be done.
   */
  private JsonObject storeVideo(JsonObject doc, String mimeType) throws Exception {
    doc.put("mimeType", mimeType);
    if (videos == null || !videos.available()) {
      throw new ApiException(415, "Videos cannot be accepted here: this server cannot remove their metadata (ffmpeg is missing).");
    }
    String key = doc.getString("key");
    VideoProbe.Facts facts = videos.probe(objects.presign(key, Duration.ofMinutes(5), mimeType));
    if (facts == null) {
      throw new ApiException(400, "The video is damaged or truncated.");
    }
    long size = videos.strip(objects.presign(key, Duration.ofMinutes(30), mimeType), mimeType,
        stripped -> objects.put(key, stripped, mimeType));
    if (size < 0) {
      throw new ApiException(400, "The video's metadata could not be removed: re-export it and upload again.");
    }
    doc.put("size", size);
    doc.put("durationSeconds", facts.durationSeconds()).put("width", facts.width()).put("height", facts.height());
    if (facts.poster() != null) {
      ImageProcessor.Result poster = ImageProcessor.poster(facts.poster());
      objects.put(key + ".thumb.jpg", poster.thumbnail(), "image/jpeg");
      objects.put(key + ".blur.jpg", poster.blurred(), "image/jpeg");
      doc.put("thumbnailKey", key + ".thumb.jpg").put("blurredKey", key + ".blur.jpg");
    }
    return doc;
  }

  private Future<Void> deleteAll(JsonObject doc) {
    String key = doc.getString("key");
    return vertx.executeBlocking(() -> {
      for (String k : List.of(key, key + ".thumb.jpg", key + ".blur.jpg")) {
        objects.delete(k);
      }
      return null;
    }, false).<Void>mapEmpty().onFailure(err -> LOG.warn("could not delete {}", key, err));
  }
}
