package dev.creatorhub.shared.error;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** RFC 9457 problem documents: one shape for every error the platform returns. */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  /** The members RFC 9457 defines; extensions never override them. */
  public static final java.util.Set<String> MEMBERS = java.util.Set.of("type", "title", "status", "detail", "instance");

  private Problems() {
  }

  public static JsonObject problem(int status, String title, String detail) {
    JsonObject problem = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status);
    if (detail != null && !detail.isBlank()) {
      problem.put("detail", detail);
    }
    return problem;
  }

  /**
   * The problem a client gets for {@code error}, over REST or the bridge: a 5xx (but 503) carries no
   * detail (never a domain's internals); extensions never replace the members RFC 9457 defines.
   */
  public static JsonObject of(ApiException error) {
    String detail = error.status() >= 500 && error.status() != 503 ? null : error.getMessage();
    JsonObject problem = problem(error.status(), error.title(), detail);
    if (error.extensions() != null) {
      error.extensions().forEach(e -> {
        if (!MEMBERS.contains(e.getKey())) {
          problem.put(e.getKey(), e.getValue());
        }
      });
    }
    return problem;
  }

  public static void write(HttpServerResponse response, JsonObject problem) {
    if (response.ended() || response.headWritten()) {
      return;
    }
    response.setStatusCode(problem.getInteger("status"))
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(problem.toBuffer());
  }

  public static String titleFor(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 421 -> "Misdirected Request";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
