package dev.creatorhub.gateway;

import dev.creatorhub.shared.config.Settings;
import dev.creatorhub.shared.bus.BusErrors;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.LocalFirst;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.web.RequestIds;
import dev.creatorhub.shared.web.RequestUser;
import dev.creatorhub.shared.web.Routes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The gateway's side of {@link Routes}: what every endpoint class gets to build its routes. */
final class GatewayRoutes implements Routes {

  private final Vertx vertx;
  private final JsonObject config;
  private final TokenVerifier tokens;
  private final RateLimiter limiter;
  private final long requestTimeoutMs;
  private final Handler<RoutingContext> jsonBody;
  private final ClientIp clientIp;
  private final RequestSchemas schemas;

  GatewayRoutes(Vertx vertx, JsonObject config, TokenVerifier tokens, RateLimiter limiter, ClientIp clientIp,
                RequestSchemas schemas) {
    this.vertx = vertx;
    this.schemas = schemas;
    this.config = config;
    this.tokens = tokens;
    this.limiter = limiter;
    this.clientIp = clientIp;
    this.requestTimeoutMs = Settings.of(config, "eventBus").requirePositive("requestTimeoutMs");
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.getJsonObject("http").getLong("bodyLimitBytes"));
    this.jsonBody = ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type == null || !isJson(type)) {
        ctx.fail(new ApiException(415, "Send the body as application/json."));
        return;
      }
      body.handle(ctx);
    };
  }

  private static boolean isJson(String contentType) {
    String mime = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public JsonObject config() {
    return config;
  }

  @Override
  public Handler<RoutingContext> jsonBody() {
    return jsonBody;
  }

  @Override
  public Handler<RoutingContext> body(long maxBytes) {
    return BodyHandler.create(false).setBodyLimit(maxBytes);
  }

  /** Verifies a bearer token when one is sent; requests without one continue anonymously. */
  Handler<RoutingContext> identify() {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null) {
        ctx.next();
        return;
      }
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
        ctx.fail(new ApiException(401, "Send the access token as 'Authorization: Bearer <token>'."));
        return;
      }
      tokens.verify(header.substring(7).trim()).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(new ApiException(401, "The access token is invalid, expired or revoked; sign in again."));
          return;
        }
        RequestUser.set(ctx, ar.result());
        ctx.next();
      });
    };
  }

  @Override
  public Handler<RoutingContext> authenticated() {
    return ctx -> {
      if (RequestUser.of(ctx) == null) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ctx.fail(new ApiException(401, "Sign in first: this needs an access token."));
      } else {
        ctx.next();
      }
    };
  }

  @Override
  public Handler<RoutingContext> role(String... roles) {
    return ctx -> {
      RequestUser user = RequestUser.of(ctx);
      if (user == null) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ctx.fail(new ApiException(401, "Sign in first: this needs an access token."));
      } else if (!user.hasRole(roles)) {
        ctx.fail(new ApiException(403, "Your account cannot do this."));
      } else {
        ctx.next();
      }
    };
  }

  @Override
  public Handler<RoutingContext> rateLimit(String group) {
    return limiter.handler(group);
  }

  @Override
  public <T> Future<T> request(RoutingContext ctx, String address, Object body) {
    return request(ctx, address, body, requestTimeoutMs);
  }

  @Override
  public <T> Future<T> request(RoutingContext ctx, String address, Object body, long timeoutMs) {
    // The body's schema is checked here, before the bus hop, with the object its domain checks too.
    RuntimeException invalid = schemas.invalid(ctx);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    RequestUser user = RequestUser.of(ctx);
    if (user != null) {
      options.addHeader(BusHeaders.USER_ID, user.id()).addHeader(BusHeaders.USER_ROLE, user.role());
      if (user.sessionId() != null) {
        options.addHeader(BusHeaders.SESSION_ID, user.sessionId());
      }
    }
    options.addHeader(BusHeaders.CLIENT_IP, clientIp.of(ctx));
    String requestId = RequestIds.get(ctx);
    if (requestId != null) {
      options.addHeader(BusHeaders.REQUEST_ID, requestId);
    }
    return LocalFirst.<T>request(vertx, address, body, options)
        .map(Message::body)
        .recover(err -> {
          ApiException api = BusErrors.toApiException(err);
          return Future.failedFuture(api != null ? api : err);
        });
  }
}
