package dev.creatorhub.uploads.bus;

import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.uploads.UploadsAddresses;
import dev.creatorhub.uploads.api.UploadsClient;
import dev.creatorhub.uploads.service.UploadsService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/** The uploads domain on the event bus: ingest what the upload route stored, describe media, hand out URLs. */
public class UploadsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(UploadsVerticle.class);

  private final BusService.Served served = new BusService.Served();
  private UploadsService service;

  @Override
  public Future<?> start() {
    service = new UploadsService(vertx, config(), Clock.systemUTC());
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    return service.start().compose(videos -> Future.all(List.of(
            serve(UploadsAddresses.INGEST, msg -> service.ingest.ingest(BusService.requireUser(msg), msg.body().getString("key"),
                msg.body().getString("mimeType"), msg.body().getLong("size"))),
            serve(UploadsClient.DESCRIBE, msg -> service.access.describe(msg.body().getString("id"))),
            serve(UploadsAddresses.MINE, msg -> service.access.mine(BusService.requireUser(msg), msg.body().getString("id"))),
            serve(UploadsAddresses.URL, msg -> service.access.url(msg.headers().get(BusHeaders.USER_ID), msg.headers().get(BusHeaders.USER_ROLE),
                msg.body().getString("id"), msg.body().getString("variant", "content"))),
            serve(UploadsClient.PREVIEW_URL, msg -> service.access.previewUrl(msg.body().getString("id"))),
            ServicePing.register(vertx, UploadsAddresses.SERVICE, nodeId).mapEmpty()))
        .onSuccess(v -> LOG.info("uploads ready (videos {})", videos ? "accepted" : "refused: ffprobe/ffmpeg not found")));
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    return served.stop().eventually(service::close);
  }
}
