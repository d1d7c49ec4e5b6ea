package dev.creatorhub.uploads.service;

import dev.creatorhub.uploads.UploadsSettings;
import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.content.api.ContentClient;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.uploads.store.MediaStore;
import dev.creatorhub.uploads.store.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import javax.imageio.ImageIO;

/** The uploads domain's services over the {@code media} collection and the bucket. */
public final class UploadsService {

  private final Vertx vertx;
  private final MediaStore media;
  private final ObjectStore objects;
  private final WorkerExecutor processing;
  private final WorkerExecutor heavy;
  public final Ingest ingest;
  public final MediaAccess access;

  public UploadsService(Vertx vertx, JsonObject config, Clock clock) {
    this.vertx = vertx;
    UploadsSettings settings = UploadsSettings.from(config);
    media = new MediaStore(vertx, Mongo.client(vertx, config, "uploads"));
    objects = new ObjectStore(config);
    // Decoding and encoding images is CPU work: a pool of its own keeps it from starving S3 calls.
    processing = vertx.createSharedWorkerExecutor("uploads-processing", settings.processingThreads());
    heavy = vertx.createSharedWorkerExecutor("uploads-processing-heavy", settings.heavyProcessingThreads());
    AuthClient auth = new AuthClient(vertx);
    ingest = new Ingest(vertx, media, objects, auth, processing, heavy, settings, clock);
    access = new MediaAccess(vertx, media, objects, auth, new ContentClient(vertx), Duration.ofSeconds(settings.urlTtlSeconds()));
  }

  /** The bucket, the image plug-ins and the video tools (on a worker), then the index; whether videos are accepted. */
  public Future<Boolean> start() {
    return vertx.executeBlocking(() -> {
      ImageIO.scanForPlugins(); // the WebP reader, from the fat jar
      objects.ensureBucket();
      return ingest.findVideoTools();
    }).compose(videos -> media.createIndexes().map(videos));
  }

  public Future<Void> close() {
    return processing.close().eventually(heavy::close).eventually(media::close).onComplete(ar -> objects.close());
  }
}
