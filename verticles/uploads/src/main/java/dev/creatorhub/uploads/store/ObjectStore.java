package dev.creatorhub.uploads.store;

import dev.creatorhub.shared.s3.S3Clients;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

import java.nio.file.Path;
import java.time.Duration;

/** The stored objects in the bucket. Every method blocks: call it on a worker. */
public final class ObjectStore {

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;

  public ObjectStore(JsonObject config) {
    this.s3 = S3Clients.client(config);
    this.presigner = S3Clients.presigner(config);
    this.bucket = config.getJsonObject("s3").getString("bucket");
  }

  public void ensureBucket() {
    S3Clients.ensureBucket(s3, bucket);
  }

  public byte[] get(String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
  }

  public void put(String key, byte[] bytes, String contentType) {
    s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(), RequestBody.fromBytes(bytes));
  }

  public void put(String key, Path file, String contentType) {
    s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(), RequestBody.fromFile(file));
  }

  public void delete(String key) {
    s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build());
  }

  /** A URL that reads the object for {@code ttl}, served with {@code contentType} and private caching. */
  public String presign(String key, Duration ttl, String contentType) {
    return presigner.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(ttl)
            .getObjectRequest(GetObjectRequest.builder().bucket(bucket).key(key).responseContentType(contentType)
                .responseCacheControl("private, max-age=" + ttl.toSeconds()).build())
            .build())
        .url().toString();
  }

  public void close() {
    s3.close();
    presigner.close();
  }
}
