package dev.creatorhub.auth.http;

import dev.creatorhub.auth.AuthSettings;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The refresh token for browsers, out of script reach: an HttpOnly, Secure, SameSite=Strict cookie
 * scoped to {@code /api/v1/auth}, set on every sign-in and refresh. Using it needs the double-submit
 * CSRF token: the {@code ch_csrf} cookie (readable by our own pages only) echoed in {@code X-CSRF-Token}.
 * A client that sends {@code X-Refresh-Token: cookie} does not get the token in the body at all.
 */
final class SessionCookies {

  static final String REFRESH = "ch_refresh";
  static final String CSRF = "ch_csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String MODE_HEADER = "X-Refresh-Token";
  private static final String PATH = "/api/v1/auth";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean secure;
  private final long maxAgeSeconds;

  SessionCookies(AuthSettings settings) {
    this.secure = settings.secureCookies();
    this.maxAgeSeconds = settings.refreshTokenTtlSeconds();
  }

  /** Sets the cookies from a sign-in or refresh answer; the body keeps the token unless the client asked for cookies only. */
  JsonObject issue(RoutingContext ctx, JsonObject tokens) {
    String refreshToken = tokens.getString("refreshToken");
    if (refreshToken == null) {
      return tokens;
    }
    byte[] csrf = new byte[24];
    RANDOM.nextBytes(csrf);
    ctx.response().addCookie(cookie(REFRESH, refreshToken, PATH, true, maxAgeSeconds))
        .addCookie(cookie(CSRF, Base64.getUrlEncoder().withoutPadding().encodeToString(csrf), "/", false, maxAgeSeconds));
    if ("cookie".equalsIgnoreCase(ctx.request().getHeader(MODE_HEADER))) {
      JsonObject body = tokens.copy();
      body.remove("refreshToken");
      return body;
    }
    return tokens;
  }

  /** The refresh token of the cookie, when one was sent with a matching CSRF token; null when no cookie was sent. */
  String fromCookie(RoutingContext ctx) {
    Cookie refresh = ctx.request().getCookie(REFRESH);
    if (refresh == null || refresh.getValue().isBlank()) {
      return null;
    }
    Cookie csrf = ctx.request().getCookie(CSRF);
    String echoed = ctx.request().getHeader(CSRF_HEADER);
    if (csrf == null || echoed == null || !MessageDigest.isEqual(csrf.getValue().getBytes(), echoed.getBytes())) {
      throw new ApiException(403, "The session cookie needs its CSRF token in " + CSRF_HEADER + ".");
    }
    return refresh.getValue();
  }

  void clear(RoutingContext ctx) {
    ctx.response().addCookie(cookie(REFRESH, "", PATH, true, 0)).addCookie(cookie(CSRF, "", "/", false, 0));
  }

  private Cookie cookie(String name, String value, String path, boolean httpOnly, long maxAge) {
    return Cookie.cookie(name, value).setPath(path).setHttpOnly(httpOnly).setSecure(secure)
        .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge);
  }
}
