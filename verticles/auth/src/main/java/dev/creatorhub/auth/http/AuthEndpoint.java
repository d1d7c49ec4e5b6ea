package dev.creatorhub.auth.http;

import dev.creatorhub.auth.AuthSettings;
import dev.creatorhub.auth.AuthAddresses;
import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.shared.web.Requests;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import dev.creatorhub.shared.paging.Paging;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The accounts part of the REST API; every route forwards to the auth verticle over the event bus. */
public class AuthEndpoint implements Endpoint {

  @Override
  public void addRoutes(Router api, Routes routes) {
    Handler<RoutingContext> limited = routes.rateLimit("auth");
    Handler<RoutingContext> json = routes.jsonBody();

    api.post("/auth/register").handler(limited).handler(json)
        .handler(ctx -> forward(ctx, routes, AuthAddresses.REGISTER, body(ctx), 201));
    SessionCookies cookies = new SessionCookies(AuthSettings.from(routes.config()));
    api.post("/auth/login").handler(limited).handler(json)
        .handler(ctx -> signIn(ctx, routes, cookies, AuthAddresses.LOGIN, body(ctx)));
    api.post("/auth/refresh").handler(limited).handler(optionalJson(json)).handler(ctx -> {
      JsonObject body = ctx.body().isEmpty() ? new JsonObject() : body(ctx);
      if (!body.containsKey("refreshToken")) {
        String fromCookie = cookies.fromCookie(ctx);
        if (fromCookie != null) {
          body.put("refreshToken", fromCookie);
        }
      }
      signIn(ctx, routes, cookies, AuthAddresses.REFRESH, body);
    });
    api.post("/auth/logout").handler(limited).handler(optionalJson(json)).handler(ctx -> {
      JsonObject body = ctx.body().isEmpty() ? new JsonObject() : body(ctx);
      if (!body.containsKey("refreshToken") && ctx.request().getCookie(SessionCookies.REFRESH) != null) {
        String fromCookie = cookies.fromCookie(ctx);
        if (fromCookie != null) {
          body.put("refreshToken", fromCookie);
        }
      }
      cookies.clear(ctx);
      forward(ctx, routes, AuthAddresses.LOGOUT, body, 204);
    });

    OwnViews ownViews = new OwnViews(routes.vertx());
    api.get("/users/me").handler(routes.authenticated()).handler(ctx -> ownViews.get(ctx, routes));
    api.patch("/users/me").handler(routes.authenticated()).handler(json)
        .handler(ctx -> forward(ctx, routes, AuthAddresses.UPDATE_ME, body(ctx), 200));
    api.post("/users/me/password").handler(routes.authenticated()).handler(limited).handler(json)
        .handler(ctx -> forward(ctx, routes, AuthAddresses.CHANGE_PASSWORD, body(ctx), 204));
    api.post("/users/me/totp").handler(routes.authenticated())
        .handler(ctx -> forward(ctx, routes, AuthAddresses.TOTP_SETUP, new JsonObject(), 200));
    api.post("/users/me/totp/enable").handler(routes.authenticated()).handler(limited).handler(json)
        .handler(ctx -> forward(ctx, routes, AuthAddresses.TOTP_ENABLE, body(ctx), 200));
    api.post("/users/me/totp/disable").handler(routes.authenticated()).handler(limited).handler(json)
        .handler(ctx -> forward(ctx, routes, AuthAddresses.TOTP_DISABLE, body(ctx), 204));

    api.get("/creators/:username").handler(ctx -> forward(ctx, routes, AuthAddresses.CREATOR_PROFILE,
        new JsonObject().put("username", ctx.pathParam("username")), 200));

    api.get("/admin/users").handler(routes.role("ADMIN")).handler(ctx -> {
      JsonObject query = Paging.query(ctx);
      if (ctx.queryParams().get("q") != null) {
        query.put("q", ctx.queryParams().get("q"));
      }
      forward(ctx, routes, AuthAddresses.ADMIN_USERS, query, 200);
    });
    api.post("/admin/users/:id/verify").handler(routes.role("ADMIN")).handler(json)
        .handler(ctx -> forward(ctx, routes, AuthAddresses.ADMIN_VERIFY, pathAndBody(ctx), 200));
    api.post("/admin/users/:id/suspend").handler(routes.role("ADMIN")).handler(json)
        .handler(ctx -> forward(ctx, routes, AuthAddresses.ADMIN_SUSPEND, pathAndBody(ctx), 200));
  }

  private static void forward(RoutingContext ctx, Routes routes, String address, JsonObject body, int status) {
    Future<JsonObject> reply = routes.request(ctx, address, body);
    if (status == 204) {
      reply.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    } else {
      Responses.reply(ctx, status, reply);
    }
  }

  /** A sign-in or refresh: the answer's refresh token also goes into the session cookie. */
  private static void signIn(RoutingContext ctx, Routes routes, SessionCookies cookies, String address, JsonObject body) {
    Responses.reply(ctx, 200, routes.<JsonObject>request(ctx, address, body).map(tokens -> cookies.issue(ctx, tokens)));
  }

  private static JsonObject body(RoutingContext ctx) {
    return Requests.jsonObject(ctx);
  }

  private static JsonObject pathAndBody(RoutingContext ctx) {
    return new JsonObject().put("userId", ctx.pathParam("id")).put("body", body(ctx));
  }

  private static Handler<RoutingContext> optionalJson(Handler<RoutingContext> json) {
    return ctx -> {
      if (ctx.request().getHeader("Content-Type") == null) {
        ctx.request().resume();
        ctx.next();
      } else {
        json.handle(ctx);
      }
    };
  }
}
