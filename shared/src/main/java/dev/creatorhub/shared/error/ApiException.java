package dev.creatorhub.shared.error;

import io.vertx.core.json.JsonObject;

/**
 * A failure meant for the client: carries the HTTP status and an RFC 9457 problem. It has no stack
 * trace on purpose: it is control flow, and it is cheap on hot paths.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String title;
  private final JsonObject extensions;

  public ApiException(int status, String detail) {
    this(status, Problems.titleFor(status), detail, null);
  }

  public ApiException(int status, String title, String detail, JsonObject extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.extensions = extensions;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public JsonObject extensions() {
    return extensions;
  }
}
