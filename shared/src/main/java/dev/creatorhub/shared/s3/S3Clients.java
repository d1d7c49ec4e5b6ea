package dev.creatorhub.shared.s3;

import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;

/**
 * S3 client factory (AWS SDK v2). The client is blocking: call it from worker threads only
 * ({@code executeBlocking}). Checksums are only computed when an operation requires them, which
 * S3-compatible servers such as S3Proxy and MinIO need (INFRA-NOTES).
 */
public final class S3Clients {

  private S3Clients() {
  }

  public static S3Client client(JsonObject config) {
    JsonObject s3 = config.getJsonObject("s3");
    // A stalled S3 must not hold an upload (and its worker thread) for as long as the stall lasts:
    // each call has a deadline, after which the caller answers 503.
    Duration timeout = Duration.ofMillis(s3.getLong("timeoutMs", 15_000L));
    var builder = S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(timeout))
        .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallAttemptTimeout(timeout)
            .apiCallTimeout(timeout.multipliedBy(2)).build())
        .region(Region.of(s3.getString("region")))
        .credentialsProvider(credentials(s3))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3.getBoolean("pathStyle", true)).build());
    String endpoint = s3.getString("endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder.build();
  }

  public static S3Presigner presigner(JsonObject config) {
    JsonObject s3 = config.getJsonObject("s3");
    var builder = S3Presigner.builder()
        .region(Region.of(s3.getString("region")))
        .credentialsProvider(credentials(s3))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3.getBoolean("pathStyle", true)).build());
    String endpoint = s3.getString("endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder.build();
  }

  private static software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials(JsonObject s3) {
    String key = s3.getString("accessKey");
    if (key == null || key.isBlank()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, s3.getString("secretKey")));
  }

  /** Creates the bucket when missing. Blocking. */
  public static void ensureBucket(S3Client client, String bucket) {
    try {
      client.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
    } catch (NoSuchBucketException e) {
      client.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      client.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
    }
  }
}
