package dev.creatorhub.live.bus;

import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.live.api.LiveClient;
import dev.creatorhub.live.service.LiveService;
import dev.creatorhub.shared.bridge.BridgeAddresses;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.schedule.Periodic;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The live domain on the event bus: streams, watching, the room commands browsers send over the
 * bridge, and the bridge's presence reports. The rules are in {@code live.service}.
 */
public class LiveVerticle extends VerticleBase {

  /** How often the viewers' message counts are written (a statistic: a crash loses at most this much). */
  private static final long MESSAGE_COUNTS_MS = 1000;
  private final BusService.Served served = new BusService.Served();
  private LiveService service;
  private MessageConsumer<JsonObject> presenceReports;
  private Periodic viewerCounts;
  private Periodic messageCounts;

  @Override
  public Future<?> start() {
    service = new LiveService(vertx, config(), Clock.systemUTC());
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    viewerCounts = Periodic.start(vertx, service.viewersPushMs, service.presence::pushViewerCounts);
    messageCounts = Periodic.start(vertx, MESSAGE_COUNTS_MS, service::flushMessageCounts);
    return service.start().compose(v -> Future.all(List.of(
        serve(LiveAddresses.CREATE, msg -> service.streams.create(BusService.requireRole(msg, "CREATOR"), msg.body())),
        serve(LiveAddresses.GET, msg -> service.streams.get(msg.body().getString("streamId"))),
        serve(LiveAddresses.LIST, msg -> service.streams.list(msg.body().getString("status", "LIVE"), msg.body().getString("creator"),
            msg.body())),
        serve(LiveAddresses.UPDATE, msg -> service.streams.update(BusService.requireUser(msg), streamId(msg), msg.body().getJsonObject("body"))),
        serve(LiveAddresses.TRANSITION, msg -> service.streams.transition(BusService.requireUser(msg), streamId(msg),
            msg.body().getString("action"))),
        serve(LiveAddresses.MODERATORS, msg -> service.streams.moderators(BusService.requireUser(msg), streamId(msg),
            msg.body().getString("userId"), msg.body().getBoolean("add", true))),
        serve(LiveClient.STREAM_OFFER, msg -> service.streams.offer(streamId(msg))),
        serve(LiveAddresses.JOIN, msg -> service.access.join(BusService.requireUser(msg), role(msg), streamId(msg))),
        serve(LiveAddresses.MESSAGES, msg -> service.access.messages(BusService.requireUser(msg), role(msg), streamId(msg),
            msg.body().getLong("afterSeq", 0L))),
        serve(LiveAddresses.ROOM_AUTHORIZE, msg -> service.access.authorizeRoom(msg.body())),
        serve(LiveAddresses.RTC_AUTHORIZE, msg -> service.access.authorizeInbox(msg.body())),
        serve(LiveAddresses.CHAT_SEND, msg -> service.chat.chat(BusService.requireUser(msg), role(msg), msg.body())),
        serve(LiveAddresses.TIP_SEND, msg -> service.chat.tip(BusService.requireUser(msg), role(msg), msg.body())),
        serve(LiveAddresses.MOD_DELETE, msg -> service.moderation.deleteMessage(BusService.requireUser(msg), role(msg), msg.body())),
        serve(LiveAddresses.MOD_MUTE, msg -> service.moderation.mute(BusService.requireUser(msg), role(msg), msg.body())),
        serve(LiveAddresses.MOD_BAN, msg -> service.moderation.ban(BusService.requireUser(msg), role(msg), msg.body(), true)),
        serve(LiveAddresses.MOD_UNBAN, msg -> service.moderation.ban(BusService.requireUser(msg), role(msg), msg.body(), false)),
        serve(LiveAddresses.MOD_SLOW, msg -> service.moderation.slowMode(BusService.requireUser(msg), role(msg), msg.body())),
        serve(LiveAddresses.RTC_SIGNAL, msg -> service.moderation.signal(BusService.requireUser(msg), role(msg), msg.body())),
        (presenceReports = vertx.eventBus().<JsonObject>consumer(BridgeAddresses.PRESENCE,
            msg -> service.presence.report(msg.body()))).completion(),
        ServicePing.register(vertx, LiveAddresses.SERVICE, nodeId).mapEmpty())));
  }

  private static String streamId(Message<JsonObject> msg) {
    return msg.body().getString("streamId");
  }

  private static String role(Message<JsonObject> msg) {
    return msg.headers().get(BusHeaders.USER_ROLE);
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    viewerCounts.cancel();
    messageCounts.cancel();
    // Sockets closing with the node report leaving: record those in flight, take no more, then close
    // Redis (before, each report after it failed with a warning: 150 lines for 150 viewers).
    Future<Void> noMoreReports = presenceReports == null ? Future.succeededFuture() : presenceReports.unregister();
    return noMoreReports.eventually(served::stop)
        .eventually(service::flushMessageCounts)
        .eventually(() -> service.presence.settled())
        .eventually(service::close);
  }
}
