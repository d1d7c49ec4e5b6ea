package dev.creatorhub.content.http;

import dev.creatorhub.content.ContentAddresses;
import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.shared.web.Requests;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import dev.creatorhub.shared.paging.Paging;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The content part of the REST API: posts, likes, a creator's posts, the feed and search. */
public class ContentEndpoint implements Endpoint {

  @Override
  public void addRoutes(Router api, Routes routes) {
    api.post("/posts").handler(routes.role("CREATOR")).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 201, routes.request(ctx, ContentAddresses.CREATE, Requests.jsonObject(ctx))));
    api.get("/posts/:id").handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, ContentAddresses.GET, postId(ctx))));
    api.patch("/posts/:id").handler(routes.authenticated()).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, ContentAddresses.UPDATE,
            postId(ctx).put("body", Requests.jsonObject(ctx)))));
    api.delete("/posts/:id").handler(routes.authenticated())
        .handler(ctx -> routes.request(ctx, ContentAddresses.DELETE, postId(ctx))
            .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
    api.post("/posts/:id/like").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, ContentAddresses.LIKE, postId(ctx))));
    api.delete("/posts/:id/like").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, ContentAddresses.UNLIKE, postId(ctx))));
    api.get("/posts/:id/preview").handler(ctx -> routes.<JsonObject>request(ctx, ContentAddresses.PREVIEW, postId(ctx))
        .onSuccess(found -> ctx.response().setStatusCode(302).putHeader("Location", found.getString("url"))
            .putHeader("Cache-Control", "private, no-store").end())
        .onFailure(ctx::fail));
    api.get("/creators/:username/posts").handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx,
        ContentAddresses.CREATOR_POSTS, Paging.query(ctx).put("username", ctx.pathParam("username")))));
    api.get("/feed").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, ContentAddresses.FEED, Paging.query(ctx))));
    api.get("/search").handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, ContentAddresses.SEARCH,
        new JsonObject().put("q", ctx.queryParams().get("q")))));
  }

  private static JsonObject postId(RoutingContext ctx) {
    return new JsonObject().put("postId", ctx.pathParam("id"));
  }
}
