package dev.creatorhub.gateway;

import dev.creatorhub.shared.bus.PlatformAddresses;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.web.Router;

import java.util.List;

/** {@code GET /api/v1/admin/cluster}: every member node with the verticles and instances it runs. */
final class ClusterEndpoint {

  private ClusterEndpoint() {
  }

  static void addRoutes(Router api, Routes routes) {
    api.get("/admin/cluster").handler(routes.role("ADMIN")).handler(ctx ->
        Responses.reply(ctx, 200, describe(routes.vertx())));
  }

  static Future<JsonObject> describe(Vertx vertx) {
    ClusterManager manager = ((VertxInternal) vertx).clusterManager();
    List<String> nodes = manager.getNodes();
    List<Future<JsonObject>> infos = nodes.stream().map(id -> vertx.eventBus()
            .<JsonObject>request(PlatformAddresses.NODE_INFO_PREFIX + id, null, new DeliveryOptions().setSendTimeout(2000))
            .map(Message::body)
            .map(info -> info.put("status", "UP"))
            .otherwise(err -> new JsonObject().put("nodeId", id).put("status", "UNREACHABLE")))
        .toList();
    return Future.join(infos).transform(v -> Future.succeededFuture(new JsonObject()
        .put("self", manager.getNodeId())
        .put("nodes", new JsonArray(infos.stream().map(Future::result).toList()))));
  }
}
