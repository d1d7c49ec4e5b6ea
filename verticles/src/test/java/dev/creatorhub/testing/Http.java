package dev.creatorhub.testing;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking HTTP client for tests; every API answer it gets is checked against the API document. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;

  public Http(int port) {
    this.port = port;
  }

  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
  }

  public Response get(String path, String... headers) {
    return send(withHeaders(request(path), headers).GET());
  }

  public Response post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder builder = withHeaders(request(path), headers);
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder.POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A {@code multipart/form-data} POST with one file part. */
  public Response upload(String path, String field, String filename, String contentType, byte[] bytes, String... headers) {
    String boundary = "----creatorhub" + java.util.UUID.randomUUID();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    body.writeBytes(head);
    body.writeBytes(bytes);
    body.writeBytes(tail);
    HttpRequest.Builder builder = withHeaders(request(path), headers)
        .timeout(Duration.ofSeconds(120))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    return send(builder);
  }

  /** The bytes at an absolute URL (a presigned media URL). */
  public static byte[] download(String url) {
    try {
      HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET " + url + " answered " + response.statusCode());
      }
      return response.body();
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError("download failed: " + e, e);
    }
  }

  public Response send(HttpRequest.Builder builder) {
    try {
      HttpRequest request = builder.build();
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      Response answer = new Response(response.statusCode(), response.headers(), response.body());
      ResponseContract.check(request.method(), request.uri().getPath(), answer.status(), answer.header("Content-Type"), answer.body());
      return answer;
    } catch (Exception e) {
      throw new AssertionError("request failed: " + e, e);
    }
  }

  private static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }
}
