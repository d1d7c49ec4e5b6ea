package dev.creatorhub.testing;

import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.shared.web.RequestUser;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Routes that exercise the gateway's machinery; registered only on the test classpath. */
public class TestEndpoint implements Endpoint {

  @Override
  public void addRoutes(Router api, Routes routes) {
    api.post("/test/echo").handler(routes.jsonBody()).handler(ctx ->
        Responses.reply(ctx, 200, routes.request(ctx, TestDomainVerticle.ECHO, ctx.body().asJsonObject())));
    api.get("/test/limited").handler(routes.rateLimit("test")).handler(ctx ->
        Responses.json(ctx, 200, new JsonObject().put("ok", true)));
    api.get("/test/whoami").handler(routes.authenticated()).handler(ctx -> {
      RequestUser user = RequestUser.of(ctx);
      Responses.json(ctx, 200, new JsonObject().put("id", user.id()).put("role", user.role()));
    });
    api.get("/test/crash").handler(ctx -> {
      throw new IllegalStateException("stack trace with internals");
    });
    api.get("/test/remote/:status").handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx,
        TestDomainVerticle.FAIL, new JsonObject().put("status", Integer.parseInt(ctx.pathParam("status"))))));
    api.get("/test/nobody").handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, "test.nobody.home", null)));
  }
}
