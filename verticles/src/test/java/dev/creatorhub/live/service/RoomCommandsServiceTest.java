package dev.creatorhub.live.service;

import dev.creatorhub.devstack.TestStack;
import dev.creatorhub.testing.AuthStandIn;
import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.live.api.LiveClient;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.payments.api.PaymentsClient;
import dev.creatorhub.payments.service.PaymentsService;
import dev.creatorhub.shared.bridge.BridgeAddresses;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The room commands at service level: the live services and the payments services on one Vertx (no
 * cluster, no HTTP, no bridge), the embedded store and Redis. The addresses one domain asks of the
 * other are served as their bus adapters serve them; auth is a local stand-in.
 */
class RoomCommandsServiceTest {

  static Vertx vertx;
  static TestClock clock = new TestClock();
  static PaymentsService payments;
  static LiveService live;
  static AuthStandIn auth;
  static final List<JsonObject> kicks = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    JsonObject config = TestStack.config();
    config.getJsonObject("mongo").put("db", "live-service-test");
    payments = new PaymentsService(vertx, config, clock);
    live = new LiveService(vertx, config, clock);
    Await.result(payments.start().compose(v -> live.start()));
    BusService.Served served = new BusService.Served();
    Await.result(Future.all(List.of(
        served.serve(vertx, EntitlementsClient.CHECK, msg -> payments.entitlements.check(msg.body().getString("userId"),
            msg.body().getString("kind"), msg.body().getString("target"))),
        served.serve(vertx, PaymentsClient.TIP_FOR, msg -> payments.purchases.tip(msg.body().getString("fanId"),
            msg.body().getJsonObject("tip"), msg.body().getString("idempotencyKey"))),
        served.serve(vertx, PaymentsClient.DEFAULT_CARD, msg -> payments.defaultCard(msg.body().getString("userId"))),
        served.serve(vertx, LiveClient.STREAM_OFFER, msg -> live.streams.offer(msg.body().getString("streamId"))))));
    auth = AuthStandIn.on(vertx);
    vertx.eventBus().<JsonObject>consumer(BridgeAddresses.KICK, msg -> kicks.add(msg.body()));
  }

  @AfterAll
  static void stop() {
    Await.result(live.close());
    Await.result(vertx.close());
  }

  static String user(String role) {
    return auth.add(role, new JsonObject()).getString("id");
  }

  /** A LIVE stream of a new creator with this access; its id. */
  static String liveStream(String creator, String access) {
    String id = Await.result(live.streams.create(creator, new JsonObject().put("title", "tonight").put("access", access))).getString("id");
    Await.result(live.streams.transition(creator, id, "start"));
    return id;
  }

  static JsonObject chat(String userId, String streamId, String text) {
    return Await.result(live.chat.chat(userId, "SUBSCRIBER", new JsonObject().put("streamId", streamId).put("text", text)));
  }

  static Throwable chatRefused(String userId, String streamId, String text) {
    return Await.failure(live.chat.chat(userId, "SUBSCRIBER", new JsonObject().put("streamId", streamId).put("text", text)));
  }

  static JsonArray room(String streamId) {
    return Await.result(live.access.messages("reader", "ADMIN", streamId, 0)).getJsonArray("items");
  }

  static List<String> texts(String streamId) {
    return room(streamId).stream().map(m -> (JsonObject) m).filter(m -> "MESSAGE".equals(m.getString("type")))
        .map(m -> m.getString("text")).toList();
  }

  static int status(Throwable err) {
    return err instanceof ApiException api ? api.status() : -1;
  }

  @Test
  void aMessageIsSequencedKeptInTheBacklogAndOnlyAModeratorDeletesIt() {
    String creator = user("CREATOR");
    String stream = liveStream(creator, "PUBLIC");
    String fan = user("SUBSCRIBER");
    long first = chat(fan, stream, "hello").getLong("seq");
    long second = chat(fan, stream, "again").getLong("seq");
    assertThat(second).isGreaterThan(first);
    assertThat(texts(stream)).containsExactly("hello", "again");

    JsonObject delete = new JsonObject().put("streamId", stream).put("seq", first);
    assertThat(status(Await.failure(live.moderation.deleteMessage(fan, "SUBSCRIBER", delete)))).isEqualTo(403);
    assertThat(Await.result(live.moderation.deleteMessage(creator, "CREATOR", delete)).getLong("deleted")).isEqualTo(first);
    assertThat(texts(stream)).containsExactly("again");
    // A retried delete answers the same; a message that never was is a 404.
    assertThat(Await.result(live.moderation.deleteMessage(creator, "CREATOR", delete)).getLong("deleted")).isEqualTo(first);
    assertThat(texts(stream)).containsExactly("again");
    assertThat(status(Await.failure(live.moderation.deleteMessage(creator, "CREATOR", delete.copy().put("seq", second + 100)))))
        .isEqualTo(404);
  }

  @Test
  void aSubscribersRoomIsClosedToOthers() {
    String creator = user("CREATOR");
    String stream = liveStream(creator, "SUBSCRIBERS");
    String outsider = user("SUBSCRIBER");
    String subscriber = user("SUBSCRIBER");
    Await.result(payments.entitlements.grant(subscriber, "SUBSCRIPTION", creator, clock.millis() + 60_000, null));
    assertThat(status(chatRefused(outsider, stream, "let me in"))).isEqualTo(403);
    assertThat(status(Await.failure(live.access.join(outsider, "SUBSCRIBER", stream)))).isEqualTo(403);
    chat(subscriber, stream, "I am in");
    assertThat(Await.result(live.access.join(subscriber, "SUBSCRIBER", stream)).getString("role")).isEqualTo("VIEWER");
    assertThat(texts(stream)).containsExactly("I am in");
  }

  @Test
  void aMutedViewerCannotChatAndABannedOneIsKickedFromTheRoomAndItsInbox() {
    String creator = user("CREATOR");
    String stream = liveStream(creator, "PUBLIC");
    String fan = user("SUBSCRIBER");
    chat(fan, stream, "first");
    Await.result(live.moderation.mute(creator, "CREATOR", new JsonObject().put("streamId", stream).put("userId", fan).put("seconds", 60)));
    assertThat(status(chatRefused(fan, stream, "muted?"))).isEqualTo(403);

    Await.result(live.moderation.ban(creator, "CREATOR", new JsonObject().put("streamId", stream).put("userId", fan), true));
    assertThat(status(Await.failure(live.access.join(fan, "SUBSCRIBER", stream)))).isEqualTo(403);
    Await.poll(() -> kicks.stream().filter(k -> fan.equals(k.getString("userId"))).count() == 2, 5_000, "two kicks published");
    assertThat(kicks.stream().filter(k -> fan.equals(k.getString("userId"))).map(k -> k.getString("address")))
        .containsExactlyInAnyOrder(LiveAddresses.room(stream), LiveAddresses.rtcInbox(stream, fan));
    String other = user("SUBSCRIBER");
    assertThat(status(Await.failure(live.moderation.ban(other, "SUBSCRIBER",
        new JsonObject().put("streamId", stream).put("userId", creator), true)))).isEqualTo(403);
  }

  @Test
  void slowModeLetsOneMessageThroughPerPeriodButNotForModerators() {
    String creator = user("CREATOR");
    String stream = liveStream(creator, "PUBLIC");
    String fan = user("SUBSCRIBER");
    Await.result(live.moderation.slowMode(creator, "CREATOR", new JsonObject().put("streamId", stream).put("seconds", 30)));
    chat(fan, stream, "one");
    assertThat(status(chatRefused(fan, stream, "two"))).isEqualTo(429);
    Await.result(live.chat.chat(creator, "CREATOR", new JsonObject().put("streamId", stream).put("text", "host 1")));
    Await.result(live.chat.chat(creator, "CREATOR", new JsonObject().put("streamId", stream).put("text", "host 2")));
    assertThat(texts(stream)).containsExactly("one", "host 1", "host 2");
  }

  @Test
  void aRetriedRoomTipPaysOnceAndIsShownOnce() {
    String creator = user("CREATOR");
    String stream = liveStream(creator, "PUBLIC");
    String fan = user("SUBSCRIBER");
    JsonObject tip = new JsonObject().put("streamId", stream).put("amount", 500).put("paymentMethod", "pm_card_visa")
        .put("message", "great show").put("idempotencyKey", UUID.randomUUID().toString());
    JsonObject paid = Await.result(live.chat.tip(fan, "SUBSCRIBER", tip));
    JsonObject again = Await.result(live.chat.tip(fan, "SUBSCRIBER", tip));
    assertThat(again.getString("id")).isEqualTo(paid.getString("id"));
    assertThat(paid.getJsonObject("refs").getString("streamId")).isEqualTo(stream);
    assertThat(Await.result(payments.statements.history(fan, new JsonObject())).getJsonArray("items")).hasSize(1);
    List<JsonObject> shown = room(stream).stream().map(m -> (JsonObject) m).filter(m -> "TIP".equals(m.getString("type"))).toList();
    assertThat(shown).hasSize(1);
  }
}
