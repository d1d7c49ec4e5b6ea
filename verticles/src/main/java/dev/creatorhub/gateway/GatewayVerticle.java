package dev.creatorhub.gateway;

import dev.creatorhub.shared.config.Settings;
import dev.creatorhub.shared.config.NodeConfig;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.redis.RedisClients;
import dev.creatorhub.shared.security.JwtKeys;
import dev.creatorhub.shared.security.Revocations;
import dev.creatorhub.gateway.bridge.SocketBridge;
import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.shared.web.FailureHandler;
import dev.creatorhub.shared.web.RequestIds;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The HTTP front door: REST under {@code /api/v1} (routes contributed by each installed
 * {@link Domain}'s {@link Endpoint}s), the SockJS event-bus bridge at {@code /eventbus}, health, metrics and the web
 * app. Several instances share the port.
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

  private final Revocations revocations = new Revocations();
  private io.vertx.core.buffer.Buffer openApi;
  private HttpServer server;
  private Redis redis;
  private HealthRoutes health;
  private SocketBridge bridge;
  private ConfigRetriever reloader;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    List<Domain> domains = Domain.installed();
    return vertx.fileSystem().readFile("api/openapi.json")
        .map(doc -> new RequestSchemas(new JsonObject(doc), domains, config))
        .compose(schemas -> {
          openApi = schemas.document().toBuffer();
          return JwtKeys.read(vertx, config).compose(keys -> followRevocations().map(keys))
              .compose(keys -> serve(config, domains, schemas, keys));
        });
  }

  private Future<Void> serve(JsonObject config, List<Domain> domains, RequestSchemas schemas, JwtKeys keys) {
    JWTAuth jwt = keys.auth(vertx, config);
    redis = RedisClients.create(vertx, config);
    JsonObject http = config.getJsonObject("http");
    ClientIp clientIp = new ClientIp(http.getJsonArray("trustedProxies", new io.vertx.core.json.JsonArray()));
    RateLimiter limiter = new RateLimiter(vertx, redis, config.getJsonObject("rateLimits"), clientIp);
    watchConfig(limiter);
    OriginPolicy origins = new OriginPolicy(config.getJsonObject("cors").getJsonArray("allowedOrigins")
        .stream().map(String::valueOf).toList(), http.getJsonArray("allowedHosts").stream().map(String::valueOf).toList());
    TokenVerifier tokens = new TokenVerifier(jwt, revocations);
    GatewayRoutes routes = new GatewayRoutes(vertx, config, tokens, limiter, clientIp, schemas);
    // Endpoints build clients (the S3 SDK's takes hundreds of ms): off the event loop.
    return vertx.executeBlocking(() -> router(config, domains, routes, origins, tokens, new BridgePolicy(limiter, clientIp)), false).compose(router -> {
      server = vertx.createHttpServer(new HttpServerOptions()
          .setHost(http.getString("host"))
          .setPort(http.getInteger("port"))
          .setMaxFormAttributeSize(8192)
          .setMaxWebSocketFrameSize(SocketBridge.TRANSPORT_FRAME_BYTES)
          .setMaxWebSocketMessageSize(SocketBridge.TRANSPORT_FRAME_BYTES)
          // Deflate would compress every room frame once per socket; chat frames are small (decision 0024).
          .setPerMessageWebSocketCompressionSupported(false)
          .setPerFrameWebSocketCompressionSupported(false)
          .setIdleTimeout(120));
      server.invalidRequestHandler(CodecErrors::handle);
      return bridge.start().compose(v -> server.requestHandler(router).listen()).mapEmpty();
    });
  }

  private Router router(JsonObject config, List<Domain> domains, GatewayRoutes routes, OriginPolicy origins, TokenVerifier tokens,
                        BridgePolicy commands) {
    Router router = Router.router(vertx);
    FailureHandler failures = new FailureHandler();
    router.route().handler(new RequestIds());
    router.route().handler(new SecurityHeaders(SecurityHeaders.policy(config)));
    router.route().handler(origins.hostHandler());
    router.route().handler(origins.corsHandler());

    health = new HealthRoutes(vertx, config);
    health.addRoutes(router);

    // The XHR transports of SockJS read their bodies through a BodyHandler (eclipse-vertx/vert.x#5635).
    router.post("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(SocketBridge.TRANSPORT_FRAME_BYTES));
    bridge = new SocketBridge(vertx, tokens, origins, commands, domains.stream().flatMap(d -> d.bridgeRules().stream()).toList(),
        Settings.of(config, "eventBus").requirePositive("requestTimeoutMs"), Settings.of(config, "bridge"),
        config.getJsonObject("node").getString("metricsRegistry"));
    router.route("/eventbus/*").subRouter(bridge.router());

    Router api = Router.router(vertx);
    // Authentication and rate limiting are asynchronous: hold the body until a route's body handler reads it.
    api.route().handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    });
    api.route().handler(routes.identify());
    api.route().handler(routes.rateLimit("default"));
    ClusterEndpoint.addRoutes(api, routes);
    api.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(openApi));
    api.get("/docs").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .end(ApiDocsPage.render(new JsonObject(openApi))));
    for (Domain domain : domains) {
      domain.endpoints().forEach(endpoint -> endpoint.addRoutes(api, routes));
    }
    api.route().handler(ctx -> ctx.fail(new ApiException(404, "No such API resource.")));
    api.route().failureHandler(failures);
    router.route("/api/v1/*").subRouter(api);

    String webroot = config.getJsonObject("http").getString("webroot");
    StaticHandler statics = java.nio.file.Path.of(webroot).isAbsolute()
        ? StaticHandler.create(FileSystemAccess.ROOT, webroot) : StaticHandler.create(webroot);
    router.route().handler(statics.setIndexPage("index.html"));
    router.get().handler(ctx -> spaFallback(ctx, webroot));
    router.route().failureHandler(failures);
    for (int status : List.of(400, 404, 405, 406, 413, 414, 415, 431, 500)) {
      router.errorHandler(status, failures);
    }
    return router;
  }

  /** Client-side routes of the web app get index.html; anything that looks like a file stays 404. */
  private static void spaFallback(RoutingContext ctx, String webroot) {
    String path = ctx.normalizedPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    if (path.startsWith("/api/") || path.startsWith("/eventbus") || path.startsWith("/health")
        || path.equals("/metrics") || last.contains(".")) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .sendFile(webroot + "/index.html").onFailure(err -> ctx.next());
  }

  /** Keeps this instance's revocation list current: live updates, a snapshot at start, pruning. */
  private Future<Void> followRevocations() {
    vertx.setPeriodic(60_000, id -> revocations.prune());
    return vertx.eventBus().<JsonObject>consumer(Revocations.ADDRESS, msg -> {
          revocations.apply(msg.body());
          if (bridge != null) {
            bridge.sessionsEnded(Revocations.sessionsIn(msg.body()));
          }
        })
        .completion()
        .onSuccess(v -> vertx.eventBus().<JsonObject>request(Revocations.SNAPSHOT_ADDRESS, null)
            .onSuccess(reply -> revocations.apply(reply.body()))
            .onFailure(err -> LOG.debug("no revocation snapshot yet: {}", err.toString())));
  }

  /** Settings that may change at runtime (rate limits) are re-read from conf/ without a restart. */
  private void watchConfig(RateLimiter limiter) {
    JsonObject node = config().getJsonObject("node");
    String confDir = node.getString("confDir");
    long scanMs = node.getLong("configScanMs", 0L);
    if (confDir == null || scanMs <= 0) {
      return;
    }
    reloader = ConfigRetriever.create(vertx, NodeConfig.retrieverOptions(confDir, node.getString("profile"), scanMs));
    reloader.listen(change -> {
      JsonObject limits = NodeConfig.applyOverrides(change.getNewConfiguration()).getJsonObject("rateLimits");
      if (limiter.update(limits)) {
        LOG.info("configuration reloaded: rate limits now {}", limits.encode());
      }
    });
  }

  @Override
  public Future<?> stop() {
    if (reloader != null) {
      reloader.close();
    }
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.compose(v -> health == null ? Future.succeededFuture() : health.close())
        .onComplete(v -> {
          if (redis != null) {
            redis.close();
          }
        });
  }
}
