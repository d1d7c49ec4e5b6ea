package dev.creatorhub.uploads.http;

import dev.creatorhub.uploads.UploadsAddresses;
import dev.creatorhub.uploads.UploadsSettings;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.s3.S3Clients;
import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The media part of the REST API. Uploads stream from the request straight to S3 ({@link MediaUpload});
 * reads are answered with a redirect to a short-lived presigned URL after the uploads domain has
 * checked the caller may see the media (docs/decisions/0007).
 */
public class UploadsEndpoint implements Endpoint {

  @Override
  public void addRoutes(Router api, Routes routes) {
    S3Client s3 = S3Clients.client(routes.config());
    MediaUpload.Limits limits = MediaUpload.Limits.from(UploadsSettings.from(routes.config()));
    String bucket = routes.config().getJsonObject("s3").getString("bucket");

    // Nothing may read the body before the upload handler is in place (authentication and the rate
    // limit are asynchronous): hold the request until then.
    api.post("/media").handler(ctx -> {
          ctx.request().pause();
          ctx.next();
        })
        .handler(routes.authenticated())
        .handler(routes.rateLimit("uploads"))
        .handler(ctx -> new MediaUpload(ctx, routes, s3, bucket, limits).start());
    api.get("/media/:id/content").handler(ctx -> redirect(ctx, routes, "content"));
    api.get("/media/:id/thumbnail").handler(ctx -> redirect(ctx, routes, "thumbnail"));
    api.get("/media/:id").handler(routes.authenticated()).handler(ctx -> Responses.reply(ctx, 200,
        routes.request(ctx, UploadsAddresses.MINE, new JsonObject().put("id", ctx.pathParam("id")))));
  }

  private static void redirect(RoutingContext ctx, Routes routes, String variant) {
    routes.<JsonObject>request(ctx, UploadsAddresses.URL, new JsonObject().put("id", ctx.pathParam("id")).put("variant", variant))
        .onSuccess(found -> {
          // The URL expires soon and is personal: no shared cache may keep the answer.
          ctx.response().putHeader("Cache-Control", "private, no-store");
          // Scripts ask for the URL itself (an <img> cannot send a bearer token; an XHR would follow the redirect).
          if (wantsJson(ctx)) {
            ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("url", found.getString("url")).encode());
          } else {
            ctx.response().setStatusCode(302).putHeader("Location", found.getString("url")).end();
          }
        })
        .onFailure(err -> ctx.fail(err instanceof ApiException ? err : new ApiException(503, "Media is unavailable right now.")));
  }

  private static boolean wantsJson(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.startsWith("application/json");
  }
}
