package dev.creatorhub.uploads;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.api.ContentClient;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import dev.creatorhub.shared.s3.S3Clients;
import dev.creatorhub.uploads.api.UploadsClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Owns the {@code media} collection and the stored objects: checks and re-encodes what the upload
 * route stored, records it, and hands out short-lived URLs to those allowed to see it.
 */
public class UploadsVerticle extends VerticleBase {

  private AuthClient auth;
  private ContentClient content;

  private static final Logger LOG = LoggerFactory.getLogger(UploadsVerticle.class);
  static final String MEDIA = "media";

  private JsonObject settings;
  private MongoClient mongo;
  private final BusService.Served served = new BusService.Served();
  private S3Client s3;
  private S3Presigner presigner;
  private String bucket;
  private WorkerExecutor processing;
  /** Big images and videos: one lane of their own, so they never hold up the small ones. */
  private WorkerExecutor heavy;
  private VideoProbe videos;
  private Duration urlTtl;

  @Override
  public Future<?> start() {
    auth = new AuthClient(vertx);
    content = new ContentClient(vertx);
    settings = config().getJsonObject("uploads");
    bucket = config().getJsonObject("s3").getString("bucket");
    urlTtl = Duration.ofSeconds(settings.getLong("urlTtlSeconds"));
    mongo = Mongo.client(vertx, config(), "uploads");
    s3 = S3Clients.client(config());
    presigner = S3Clients.presigner(config());
    // Decoding and encoding images is CPU work: a pool of its own keeps it from starving S3 calls.
    processing = vertx.createSharedWorkerExecutor("uploads-processing", settings.getInteger("processingThreads"));
    heavy = vertx.createSharedWorkerExecutor("uploads-processing-heavy", settings.getInteger("heavyProcessingThreads"));
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    return vertx.executeBlocking(() -> {
          ImageIO.scanForPlugins(); // the WebP reader, from the fat jar
          S3Clients.ensureBucket(s3, bucket);
          videos = new VideoProbe(settings.getString("ffprobe"), settings.getString("ffmpeg"));
          return null;
        })
        .compose(v -> Mongo.index(mongo, MEDIA, new JsonObject().put("ownerId", 1).put("createdAt", -1), new IndexOptions()))
        .compose(v -> Future.all(List.of(
            serve(UploadsAddresses.INGEST, this::ingest),
            serve(UploadsClient.DESCRIBE, msg -> media(msg.body().getString("id")).map(UploadsVerticle::view)),
            serve(UploadsAddresses.MINE, this::mine),
            serve(UploadsAddresses.URL, this::url),
            serve(UploadsClient.PREVIEW_URL, this::previewUrl),
            ServicePing.register(vertx, UploadsAddresses.SERVICE, nodeId).mapEmpty())))
        .onSuccess(v -> LOG.info("uploads ready (videos {})", videos.available() ? "accepted" : "refused: ffprobe/ffmpeg not found"));
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    return served.stop().eventually(() -> processing.close()).eventually(() -> heavy.close()).eventually(() -> mongo.close()).onComplete(ar -> {
      s3.close();
      presigner.close();
    });
  }

  // ---- ingest -----------------------------------------------------------------------------------

  private Future<JsonObject> ingest(Message<JsonObject> msg) {
    String ownerId = BusService.requireUser(msg);
    JsonObject body = msg.body();
    String key = body.getString("key");
    String mimeType = body.getString("mimeType");
    if (key == null || !key.startsWith("media/") || mimeType == null) {
      return Future.failedFuture(new ApiException(400, "Ingest needs the stored key and its type."));
    }
    String id = UUID.randomUUID().toString();
    JsonObject doc = new JsonObject().put("_id", id).put("ownerId", ownerId).put("key", key)
        .put("size", body.getLong("size")).put("createdAt", Instant.now().toString());
    Future<JsonObject> described = mimeType.startsWith("image/")
        ? watermarkText(ownerId).compose(text -> processing.executeBlocking(() -> readImage(doc, mimeType), false)
            .compose(image -> (image.pixels() > settings.getLong("smallImagePixels") ? heavy : processing)
                .executeBlocking(() -> storeImage(doc, image, text), false)))
        : heavy.executeBlocking(() -> storeVideo(doc, mimeType), false);
    return described
        .recover(err -> deleteAll(doc).transform(ignored -> Future.failedFuture(
            err instanceof ApiException ? err : new ApiException(503, "The file could not be processed; try again."))))
        .compose(stored -> {
          Outbox.attach(stored, Outbox.event(UploadsAddresses.TOPIC_MEDIA_UPLOADED, id, new JsonObject()
              .put("mediaId", id).put("ownerId", ownerId).put("mimeType", stored.getString("mimeType"))
              .put("size", stored.getLong("size"))));
          return mongo.insert(MEDIA, stored)
              .recover(err -> deleteAll(doc).transform(ignored -> Future.failedFuture(err)))
              .map(v -> {
                Outbox.nudge(vertx, MEDIA, id);
                return view(stored);
              });
        });
  }

  /** The owner's handle when watermarks are on, else null. */
  private Future<String> watermarkText(String ownerId) {
    if (!settings.getBoolean("watermark", false)) {
      return Future.succeededFuture(null);
    }
    return auth.user(ownerId).map(owner -> "@" + owner.username());
  }

  private record StoredImage(byte[] bytes, String mimeType, long pixels) {
  }

  /** Blocking: the stored image's bytes and its size in pixels (from its header: nothing decoded yet). */
  private StoredImage readImage(JsonObject doc, String mimeType) {
    byte[] original = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(doc.getString("key")).build()).asByteArray();
    return new StoredImage(original, mimeType, ImageProcessor.pixels(original, mimeType));
  }

  /** Blocking: re-encodes the stored image in place and adds its thumbnail and blurred preview. */
  private JsonObject storeImage(JsonObject doc, StoredImage image, String watermark) {
    String key = doc.getString("key");
    String mimeType = image.mimeType();
    byte[] original = image.bytes();
    ImageProcessor.Result result = ImageProcessor.process(original, mimeType, settings.getLong("maxImagePixels"),
        settings.getLong("maxDecodedPixels"), watermark);
    put(key, result.image(), result.mimeType());
    put(key + ".thumb.jpg", result.thumbnail(), "image/jpeg");
    put(key + ".blur.jpg", result.blurred(), "image/jpeg");
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
    if (!videos.available()) {
      throw new ApiException(415, "Videos cannot be accepted here: this server cannot remove their metadata (ffmpeg is missing).");
    }
    String key = doc.getString("key");
    VideoProbe.Facts facts = videos.probe(presign(key, Duration.ofMinutes(5), mimeType));
    if (facts == null) {
      throw new ApiException(400, "The video is damaged or truncated.");
    }
    long size = videos.strip(presign(key, Duration.ofMinutes(30), mimeType), mimeType,
        stripped -> s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(mimeType).build(), RequestBody.fromFile(stripped)));
    if (size < 0) {
      throw new ApiException(400, "The video's metadata could not be removed: re-export it and upload again.");
    }
    doc.put("size", size);
    doc.put("durationSeconds", facts.durationSeconds()).put("width", facts.width()).put("height", facts.height());
    if (facts.poster() != null) {
      ImageProcessor.Result poster = ImageProcessor.poster(facts.poster());
      put(key + ".thumb.jpg", poster.thumbnail(), "image/jpeg");
      put(key + ".blur.jpg", poster.blurred(), "image/jpeg");
      doc.put("thumbnailKey", key + ".thumb.jpg").put("blurredKey", key + ".blur.jpg");
    }
    return doc;
  }

  private void put(String key, byte[] bytes, String contentType) {
    s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(), RequestBody.fromBytes(bytes));
  }

  private Future<Void> deleteAll(JsonObject doc) {
    String key = doc.getString("key");
    return vertx.executeBlocking(() -> {
      for (String k : List.of(key, key + ".thumb.jpg", key + ".blur.jpg")) {
        s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(k).build());
      }
      return null;
    }, false).<Void>mapEmpty().onFailure(err -> LOG.warn("could not delete {}", key, err));
  }

  // ---- reading ----------------------------------------------------------------------------------

  private Future<JsonObject> media(String id) {
    if (id == null) {
      return Future.failedFuture(new ApiException(404, "No such media."));
    }
    return mongo.findOne(MEDIA, new JsonObject().put("_id", id), new JsonObject().put(Outbox.FIELD, 0))
        .compose(found -> found == null ? Future.failedFuture(new ApiException(404, "No such media."))
            : Future.succeededFuture(found));
  }

  private Future<JsonObject> mine(Message<JsonObject> msg) {
    String userId = BusService.requireUser(msg);
    return media(msg.body().getString("id")).compose(media -> userId.equals(media.getString("ownerId"))
        ? Future.succeededFuture(view(media)) : Future.failedFuture(new ApiException(404, "No such media.")));
  }

  private Future<JsonObject> url(Message<JsonObject> msg) {
    String variant = msg.body().getString("variant", "content");
    return media(msg.body().getString("id")).compose(media -> mayRead(media, msg).compose(allowed -> {
      if (!allowed) {
        return Future.failedFuture(new ApiException(403, "You cannot see this media."));
      }
      String key = "thumbnail".equals(variant) ? media.getString("thumbnailKey") : media.getString("key");
      if (key == null) {
        return Future.failedFuture(new ApiException(404, "This media has no thumbnail."));
      }
      String type = "thumbnail".equals(variant) ? "image/jpeg" : media.getString("mimeType");
      return vertx.executeBlocking(() -> new JsonObject().put("url", presign(key, urlTtl, type)), false);
    }));
  }

  private Future<JsonObject> previewUrl(Message<JsonObject> msg) {
    return media(msg.body().getString("id")).compose(media -> {
      String key = media.getString("blurredKey");
      if (key == null) {
        return Future.failedFuture(new ApiException(404, "This media has no preview."));
      }
      return vertx.executeBlocking(() -> new JsonObject().put("url", presign(key, urlTtl, "image/jpeg")), false);
    });
  }

  /** The owner and admins; anyone the content domain lets see a post carrying it; anyone for avatars. */
  private Future<Boolean> mayRead(JsonObject media, Message<JsonObject> msg) {
    String userId = msg.headers().get(BusHeaders.USER_ID);
    String role = msg.headers().get(BusHeaders.USER_ROLE);
    if (userId != null && (userId.equals(media.getString("ownerId")) || "ADMIN".equals(role))) {
      return Future.succeededFuture(true);
    }
    String id = media.getString("_id");
    return content.mayViewMedia(id, userId, role).compose(allowed -> allowed ? Future.succeededFuture(true) : auth.isProfileMedia(id));
  }


  private String presign(String key, Duration ttl, String contentType) {
    return presigner.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(ttl)
            .getObjectRequest(GetObjectRequest.builder().bucket(bucket).key(key).responseContentType(contentType)
                .responseCacheControl("private, max-age=" + ttl.toSeconds()).build())
            .build())
        .url().toString();
  }

  static JsonObject view(JsonObject media) {
    JsonObject view = new JsonObject().put("id", media.getString("_id")).put("ownerId", media.getString("ownerId"))
        .put("mimeType", media.getString("mimeType")).put("size", media.getLong("size"))
        .put("createdAt", media.getString("createdAt"));
    for (String field : List.of("width", "height", "durationSeconds")) {
      if (media.getValue(field) != null) {
        view.put(field, media.getValue(field));
      }
    }
    view.put("hasThumbnail", media.getString("thumbnailKey") != null);
    return view;
  }
}
