package dev.creatorhub.uploads.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * One object written to S3 as its bytes arrive: a small file is one PUT; a larger one becomes a
 * multipart upload whose parts are sent as they fill, so at most one part is held in memory. The
 * S3 client blocks, so every call runs on a worker thread; the caller pauses its source while a
 * {@link #write} future is pending.
 */
final class S3Upload {

  private final Vertx vertx;
  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final int partSize;
  private Buffer pending = Buffer.buffer();
  private String contentType = "application/octet-stream";
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();
  private Future<Void> inFlight = Future.succeededFuture();

  S3Upload(Vertx vertx, S3Client s3, String bucket, String key, int partSize) {
    this.vertx = vertx;
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.partSize = partSize;
  }

  String key() {
    return key;
  }

  /** Set before the first part fills (the type is known from the first bytes). */
  void contentType(String type) {
    this.contentType = type;
  }

  /** Buffers the chunk; completes when the caller may read more. */
  Future<Void> write(Buffer chunk) {
    pending.appendBuffer(chunk);
    if (pending.length() < partSize) {
      return Future.succeededFuture();
    }
    Buffer part = pending;
    pending = Buffer.buffer();
    return sendPart(part);
  }

  Future<Void> finish() {
    if (uploadId == null) {
      byte[] bytes = pending.getBytes();
      pending = null;
      return vertx.executeBlocking(() -> s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key)
          .contentType(contentType).build(), RequestBody.fromBytes(bytes)), false).mapEmpty();
    }
    Future<Void> last = pending.length() > 0 ? sendPart(pending) : Future.succeededFuture();
    pending = null;
    return last.compose(v -> vertx.executeBlocking(() -> s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
        .bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build()), false).mapEmpty());
  }

  /** Leaves nothing behind: aborts the multipart upload (its parts go) and deletes the object. */
  Future<Void> abort() {
    pending = null;
    // A part being sent may be creating the multipart upload: abort after it.
    return inFlight.transform(ignored -> vertx.executeBlocking(() -> {
      String id = uploadId;
      if (id != null) {
        s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(id).build());
        // S3Proxy's filesystem backend (the embedded stack) keeps an aborted upload's parts as
        // ordinary objects named after the upload id; S3 itself leaves none, so this finds nothing there.
        s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(".mpus-" + id).build()).contents()
            .forEach(debris -> s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(debris.key()).build()));
      }
      s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
      return null;
    }, false));
  }

  private Future<Void> sendPart(Buffer part) {
    byte[] bytes = part.getBytes();
    inFlight = vertx.executeBlocking(() -> {
      if (uploadId == null) {
        uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
            .contentType(contentType).build()).uploadId();
      }
      int number = parts.size() + 1;
      String etag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
          .partNumber(number).contentLength((long) bytes.length).build(), RequestBody.fromBytes(bytes)).eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      return null;
    }, false);
    return inFlight;
  }
}
