package dev.creatorhub.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The node's management port: Prometheus metrics and liveness, for operators and scrapers only
 * (bound to {@code management.host}, loopback by default), on every node whatever else it deploys.
 * A verticle of its own so the server lives on a context of its own.
 */
final class ManagementVerticle extends VerticleBase {

  private HttpServer server;

  @Override
  public Future<?> start() {
    JsonObject management = config().getJsonObject("management");
    Router router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(config().getJsonObject("node").getString("metricsRegistry")));
    router.get("/health/live").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}"));
    // Scrapers speak HTTP/1.1: no h2c upgrade on this port.
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
        .requestHandler(router).listen(management.getInteger("port"), management.getString("host", "127.0.0.1"))
        .onSuccess(s -> server = s);
  }

  int port() {
    return server == null ? -1 : server.actualPort();
  }
}
