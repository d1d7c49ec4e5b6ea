package dev.creatorhub.content.bus;

import dev.creatorhub.content.ContentAddresses;
import dev.creatorhub.content.api.ContentClient;
import dev.creatorhub.content.service.ContentService;
import dev.creatorhub.content.service.Viewer;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The content domain on the event bus: posts, likes, views, a creator's posts, the feed and
 * search. The rules are in {@code content.service}.
 */
public class ContentVerticle extends VerticleBase {

  private final BusService.Served served = new BusService.Served();
  private ContentService service;

  @Override
  public Future<?> start() {
    service = new ContentService(vertx, config(), Clock.systemUTC());
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    return service.start().compose(v -> Future.all(List.of(
        serve(ContentAddresses.CREATE, msg -> service.writing.create(BusService.requireRole(msg, "CREATOR"), msg.body())),
        serve(ContentAddresses.UPDATE, msg -> service.writing.update(BusService.requireUser(msg), postId(msg), msg.body().getJsonObject("body"))),
        serve(ContentAddresses.DELETE, msg -> {
          BusService.requireUser(msg);
          return service.writing.delete(viewer(msg), postId(msg));
        }),
        serve(ContentAddresses.LIKE, msg -> like(msg, true)),
        serve(ContentAddresses.UNLIKE, msg -> like(msg, false)),
        serve(ContentAddresses.GET, msg -> service.reading.get(viewer(msg), postId(msg))),
        serve(ContentAddresses.PREVIEW, msg -> service.reading.preview(viewer(msg), postId(msg))),
        serve(ContentAddresses.CREATOR_POSTS, msg -> service.reading.creatorPosts(viewer(msg), msg.body().getString("username"), msg.body())),
        serve(ContentAddresses.FEED, msg -> {
          BusService.requireUser(msg);
          return service.reading.feed(viewer(msg), msg.body());
        }),
        serve(ContentAddresses.SEARCH, msg -> service.reading.search(viewer(msg), msg.body().getString("q"))),
        serve(ContentClient.POST_OFFER, msg -> service.reading.offer(postId(msg))),
        serve(ContentClient.MEDIA_ACCESS, msg -> service.reading.mediaAccess(
            new Viewer(msg.body().getString("userId"), msg.body().getString("role")), msg.body().getString("mediaId"))),
        ServicePing.register(vertx, ContentAddresses.SERVICE, nodeId).mapEmpty())));
  }

  private Future<JsonObject> like(Message<JsonObject> msg, boolean like) {
    BusService.requireUser(msg);
    return service.likes.like(viewer(msg), postId(msg), like);
  }

  private static Viewer viewer(Message<JsonObject> msg) {
    return new Viewer(msg.headers().get(BusHeaders.USER_ID), msg.headers().get(BusHeaders.USER_ROLE));
  }

  private static String postId(Message<JsonObject> msg) {
    return msg.body().getString("postId");
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    return served.stop().eventually(service::close);
  }
}
