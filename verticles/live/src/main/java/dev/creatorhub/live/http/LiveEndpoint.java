package dev.creatorhub.live.http;

import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.shared.web.Requests;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import dev.creatorhub.shared.paging.Paging;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The live part of the REST API; room traffic itself goes over the event-bus bridge. */
public class LiveEndpoint implements Endpoint {

  @Override
  public void addRoutes(Router api, Routes routes) {
    api.post("/streams").handler(routes.role("CREATOR")).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 201, routes.request(ctx, LiveAddresses.CREATE, Requests.jsonObject(ctx))));
    api.get("/streams").handler(ctx -> {
      JsonObject query = Paging.query(ctx);
      for (String name : new String[] {"status", "creator"}) {
        if (ctx.queryParams().get(name) != null) {
          query.put(name, ctx.queryParams().get(name));
        }
      }
      Responses.reply(ctx, 200, routes.request(ctx, LiveAddresses.LIST, query));
    });
    api.get("/streams/:id").handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, LiveAddresses.GET, streamId(ctx))));
    api.patch("/streams/:id").handler(routes.authenticated()).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, LiveAddresses.UPDATE,
            streamId(ctx).put("body", Requests.jsonObject(ctx)))));
    for (String action : new String[] {"start", "end", "cancel"}) {
      api.post("/streams/:id/" + action).handler(routes.authenticated())
          .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, LiveAddresses.TRANSITION, streamId(ctx).put("action", action))));
    }
    api.post("/streams/:id/join").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, LiveAddresses.JOIN, streamId(ctx))));
    api.get("/streams/:id/messages").handler(routes.authenticated()).handler(ctx -> {
      String after = ctx.queryParams().get("afterSeq");
      if (after != null && !after.matches("\\d{1,18}")) {
        throw new ApiException(400, "afterSeq must be a number.");
      }
      Responses.reply(ctx, 200, routes.request(ctx, LiveAddresses.MESSAGES,
          streamId(ctx).put("afterSeq", after == null ? 0L : Long.parseLong(after))));
    });
    api.post("/streams/:id/moderators").handler(routes.authenticated()).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, LiveAddresses.MODERATORS,
            streamId(ctx).put("userId", Requests.jsonObject(ctx).getValue("userId")).put("add", true))));
    api.delete("/streams/:id/moderators/:userId").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, LiveAddresses.MODERATORS,
            streamId(ctx).put("userId", ctx.pathParam("userId")).put("add", false))));
  }

  private static JsonObject streamId(RoutingContext ctx) {
    return new JsonObject().put("streamId", ctx.pathParam("id"));
  }
}
