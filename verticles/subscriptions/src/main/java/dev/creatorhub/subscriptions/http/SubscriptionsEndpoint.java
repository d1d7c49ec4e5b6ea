package dev.creatorhub.subscriptions.http;

import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.shared.web.Requests;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import dev.creatorhub.subscriptions.SubscriptionsAddresses;
import dev.creatorhub.shared.paging.Paging;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** The subscriptions part of the REST API. */
public class SubscriptionsEndpoint implements Endpoint {

  @Override
  public void addRoutes(Router api, Routes routes) {
    api.get("/creators/me/subscribers").handler(routes.role("CREATOR"))
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, SubscriptionsAddresses.SUBSCRIBERS, Paging.query(ctx))));
    api.post("/creators/:username/subscriptions").handler(routes.authenticated()).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 201, routes.request(ctx, SubscriptionsAddresses.SUBSCRIBE, new JsonObject()
            .put("creator", ctx.pathParam("username")).put("body", Requests.jsonObject(ctx))
            .put("idempotencyKey", ctx.request().getHeader("Idempotency-Key")), 25_000)));
    api.delete("/subscriptions/:id").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, SubscriptionsAddresses.CANCEL,
            new JsonObject().put("subscriptionId", ctx.pathParam("id")))));
    api.patch("/subscriptions/:id").handler(routes.authenticated()).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, SubscriptionsAddresses.UPDATE,
            new JsonObject().put("subscriptionId", ctx.pathParam("id")).put("body", Requests.jsonObject(ctx)), 25_000)));
    api.get("/subscriptions").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, SubscriptionsAddresses.MINE, Paging.query(ctx))));
  }
}
