package dev.creatorhub.uploads.http;

import dev.creatorhub.uploads.UploadsAddresses;
import dev.creatorhub.uploads.UploadsSettings;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.RequestUser;
import dev.creatorhub.shared.web.Routes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * One {@code POST /media}: reads the multipart field {@code file} chunk by chunk, decides its type
 * from the first bytes, refuses markup anywhere in it, enforces the size limit as bytes arrive and
 * writes them to S3 as it goes. Any refusal aborts the S3 upload, so a refused file leaves no
 * object behind. The stored object is then handed to the uploads verticle, which checks and
 * re-encodes it and records it.
 */
final class MediaUpload {

  private static final Logger LOG = LoggerFactory.getLogger(MediaUpload.class);
  private static final int PART_BYTES = 5 * 1024 * 1024; // S3's smallest multipart part
  private static final long INGEST_TIMEOUT_MS = 120_000;

  record Limits(long maxBytes, long maxImageBytes, Set<String> allowedTypes, int maxInFlightPerUser) {
    static Limits from(UploadsSettings settings) {
      return new Limits(settings.maxBytes(), settings.maxImageBytes(), settings.allowedTypes(), settings.maxInFlightPerUser());
    }
  }

  /** Uploads in progress per user on this node (all gateway instances share the map). */
  private static final String IN_FLIGHT = "uploads.inFlight";

  private final RoutingContext ctx;
  private final Routes routes;
  private final Limits limits;
  private final S3Upload object;
  private final MediaTypes.MarkupScanner scanner = new MediaTypes.MarkupScanner();
  private final Buffer head = Buffer.buffer();
  private HttpServerFileUpload file;
  private String mimeType;
  private long size;
  private boolean done;

  MediaUpload(RoutingContext ctx, Routes routes, S3Client s3, String bucket, Limits limits) {
    this.ctx = ctx;
    this.routes = routes;
    this.limits = limits;
    this.object = new S3Upload(routes.vertx(), s3, bucket, "media/" + UUID.randomUUID(), PART_BYTES);
  }

  void start() {
    HttpServerRequest request = ctx.request();
    String type = request.getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      ctx.fail(new ApiException(415, "Send the file as multipart/form-data in a field named 'file'."));
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limits.maxBytes() + 64 * 1024) {
      ctx.fail(tooLarge(limits.maxBytes()));
      return;
    }
    if (!claimSlot()) {
      ctx.fail(new ApiException(429, "Too Many Requests", "You have " + limits.maxInFlightPerUser()
          + " uploads in progress; wait for one to finish.", new JsonObject().put("retryAfter", 2)));
      return;
    }
    request.setExpectMultipart(true);
    request.uploadHandler(this::onFile);
    request.exceptionHandler(err -> refuse(unreadable(err)));
    request.endHandler(v -> onRequestEnd());
    request.resume();
  }

  private void onFile(HttpServerFileUpload upload) {
    if (done) {
      return;
    }
    if (file != null || !"file".equals(upload.name())) {
      refuse(new ApiException(400, "Send exactly one file, in the multipart field named 'file'."));
      return;
    }
    file = upload;
    upload.handler(this::onChunk);
    upload.exceptionHandler(err -> refuse(null));
  }

  private void onChunk(Buffer chunk) {
    if (done) {
      return;
    }
    size += chunk.length();
    long limit = mimeType != null && mimeType.startsWith("image/") ? limits.maxImageBytes() : limits.maxBytes();
    if (size > limit) {
      refuse(tooLarge(limit));
      return;
    }
    if (scanner.found(chunk.getBytes())) {
      refuse(new ApiException(415, "The file contains markup or script; upload a plain image or video."));
      return;
    }
    if (mimeType == null) {
      head.appendBuffer(chunk);
      if (head.length() >= MediaTypes.HEAD_BYTES && !decideType()) {
        return;
      }
    }
    Future<Void> written = object.write(chunk);
    if (!written.isComplete()) {
      file.pause();
      written.onComplete(ar -> {
        if (ar.failed()) {
          LOG.warn("S3 part upload failed", ar.cause());
          refuse(new ApiException(503, "Storage is unavailable right now; try again."));
        } else if (!done) {
          file.resume();
        }
      });
    }
  }

  /** One of the user's upload slots on this node, given back when the response ends however it ends. */
  private boolean claimSlot() {
    io.vertx.core.shareddata.LocalMap<String, Integer> inFlight = routes.vertx().sharedData().getLocalMap(IN_FLIGHT);
    String userId = RequestUser.of(ctx).id();
    boolean[] claimed = {false};
    inFlight.compute(userId, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= limits.maxInFlightPerUser()) {
        return n;
      }
      claimed[0] = true;
      return now + 1;
    });
    if (claimed[0]) {
      ctx.addEndHandler(v -> inFlight.compute(userId, (k, n) -> n == null || n <= 1 ? null : n - 1));
    }
    return claimed[0];
  }

  /** Decides the type from the first bytes; false (and the request refused) when it is not allowed. */
  private boolean decideType() {
    String detected = MediaTypes.detect(head.getBytes());
    if (!limits.allowedTypes().contains(detected)) {
      refuse(new ApiException(415, "Files of type " + detected + " are not accepted; upload "
          + String.join(", ", limits.allowedTypes().stream().sorted().toList()) + "."));
      return false;
    }
    mimeType = detected;
    object.contentType(detected);
    if (detected.startsWith("image/") && size > limits.maxImageBytes()) {
      refuse(tooLarge(limits.maxImageBytes()));
      return false;
    }
    return true;
  }

  private void onRequestEnd() {
    if (done) {
      return;
    }
    if (file == null) {
      refuse(new ApiException(400, "Send the file in the multipart field named 'file'."));
      return;
    }
    if (size == 0) {
      refuse(new ApiException(400, "The file is empty."));
      return;
    }
    if (mimeType == null && !decideType()) {
      return;
    }
    done = true;
    RequestUser user = RequestUser.of(ctx);
    JsonObject ingest = new JsonObject().put("key", object.key()).put("ownerId", user.id())
        .put("mimeType", mimeType).put("size", size);
    object.finish()
        .recover(err -> {
          LOG.warn("S3 upload failed", err);
          object.abort();
          return Future.failedFuture(new ApiException(503, "Storage is unavailable right now; try again."));
        })
        // The uploads verticle deletes the object itself when it refuses it.
        .compose(v -> routes.<JsonObject>request(ctx, UploadsAddresses.INGEST, ingest, INGEST_TIMEOUT_MS))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            Responses.json(ctx, 201, ar.result());
          } else {
            ctx.fail(ar.cause());
          }
        });
  }

  /** Stops reading, drops what was stored and answers with {@code error} (null: the client is gone). */
  private void refuse(ApiException error) {
    if (done) {
      return;
    }
    done = true;
    // Answer once the stored bytes are gone: a refused upload leaves nothing behind when the client hears of it.
    object.abort()
        .onFailure(err -> LOG.warn("could not remove refused upload {}", object.key(), err))
        .onComplete(ar -> {
          if (error != null && !ctx.response().ended()) {
            ctx.fail(error);
          }
        });
  }

  /**
   * The request broke off while it was read. A client that went away hears nothing (null); a form the
   * decoder refused (too many fields, a field too large, a malformed part) is told so at once.
   */
  private ApiException unreadable(Throwable err) {
    if (ctx.request().connection() == null || err instanceof io.vertx.core.http.HttpClosedException) {
      return null;
    }
    String kind = err.getClass().getSimpleName() + " " + err.getMessage();
    LOG.info("upload refused: {}", kind);
    if (kind.contains("TooMany") || kind.contains("TooLong") || kind.toLowerCase(Locale.ROOT).contains("exceed")) {
      return new ApiException(413, "The upload has too many form fields or a field that is too large: send one field, 'file'.");
    }
    return new ApiException(400, "The upload could not be read as multipart/form-data.");
  }

  private static ApiException tooLarge(long limit) {
    return new ApiException(413, "The file is larger than the limit of " + limit + " bytes.");
  }
}
