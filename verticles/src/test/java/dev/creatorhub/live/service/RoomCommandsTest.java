package dev.creatorhub.live.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.devstack.TestStack;
import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.payments.api.PaymentsClient;
import dev.creatorhub.shared.bridge.BridgeAddresses;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room commands at service level: one Vertx (no cluster, no HTTP, no bridge), the embedded store
 * and Redis, a test clock, and the domains the room asks (auth for names, payments for access and
 * tips) answered by stand-ins on the local bus.
 */
class RoomCommandsTest {

  static Vertx vertx;
  static LiveService service;
  static MongoClient mongo;
  static final TestClock clock = new TestClock();
  /** "userId|streamOrCreatorId" pairs the payments stand-in calls entitled. */
  static final Set<String> entitled = ConcurrentHashMap.newKeySet();
  static final List<JsonObject> tips = new CopyOnWriteArrayList<>();
  static final List<JsonObject> kicks = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    JsonObject config = TestStack.config();
    config.getJsonObject("mongo").put("db", "room-commands-" + UUID.randomUUID());
    config.getJsonObject("live").put("chatPerUserPer10s", 3);
    vertx = Vertx.vertx();
    service = new LiveService(vertx, config, clock);
    mongo = Mongo.client(vertx, config, "room-commands-test");
    Await.result(service.start());
    Await.result(vertx.eventBus().<JsonObject>consumer(AuthClient.USER_GET, msg -> msg.reply(new JsonObject()
        .put("id", msg.body().getString("id")).put("username", "user-" + msg.body().getString("id").substring(0, 4))
        .put("role", "SUBSCRIBER").put("status", "ACTIVE"))).completion());
    Await.result(vertx.eventBus().<JsonObject>consumer(EntitlementsClient.CHECK, msg -> msg.reply(new JsonObject()
        .put("entitled", entitled.contains(msg.body().getString("userId") + "|" + msg.body().getString("target"))))).completion());
    Await.result(vertx.eventBus().<JsonObject>consumer(PaymentsClient.DEFAULT_CARD,
        msg -> msg.reply(new JsonObject().put("paymentMethod", "pm_card_visa"))).completion());
    Await.result(vertx.eventBus().<JsonObject>consumer(PaymentsClient.TIP_FOR, msg -> {
      tips.add(msg.body());
      msg.reply(new JsonObject().put("id", "pay-" + msg.body().getString("idempotencyKey"))
          .put("amount", msg.body().getJsonObject("tip").getJsonObject("amount")));
    }).completion());
    Await.result(vertx.eventBus().<JsonObject>consumer(BridgeAddresses.KICK, msg -> kicks.add(msg.body())).completion());
  }

  @AfterAll
  static void stop() {
    Await.result(service.close());
    Await.result(vertx.close());
  }

  /** A live stream of a new creator, with {@code access}. */
  private static JsonObject liveStream(String creator, String access) {
    JsonObject stream = Await.result(service.streams.create(creator, new JsonObject().put("title", "room").put("access", access)));
    return Await.result(service.streams.transition(creator, stream.getString("id"), "start"));
  }

  private static JsonObject chat(String userId, String streamId, String text) {
    return Await.result(service.chat.chat(userId, "SUBSCRIBER", new JsonObject().put("streamId", streamId).put("text", text)));
  }

  /** The command's refusal, whether it is thrown (a body's schema) or a failed future (the rules). */
  private static ApiException refusal(java.util.function.Supplier<Future<?>> command) {
    Throwable failure;
    try {
      failure = command.get().toCompletionStage().toCompletableFuture().handle((r, err) -> err).join();
    } catch (ApiException thrown) {
      failure = thrown;
    }
    assertThat(failure).isInstanceOf(ApiException.class);
    return (ApiException) failure;
  }

  @Test
  void aChatMessageIsRecordedBeforeAnyoneSeesItAndSeqsGrow() {
    String creator = UUID.randomUUID().toString();
    String fan = UUID.randomUUID().toString();
    String id = liveStream(creator, "PUBLIC").getString("id");
    List<Boolean> recordedWhenPublished = new CopyOnWriteArrayList<>();
    Await.result(vertx.eventBus().<JsonObject>consumer(LiveAddresses.room(id), msg -> {
      if ("MESSAGE".equals(msg.body().getString("type"))) {
        mongo.count("stream_messages", new JsonObject().put("streamId", id).put("seq", msg.body().getLong("seq")))
            .onSuccess(n -> recordedWhenPublished.add(n == 1));
      }
    }).completion());
    long first = chat(fan, id, "hello").getLong("seq");
    long second = chat(fan, id, "again").getLong("seq");
    assertThat(second).isGreaterThan(first);
    Await.poll(() -> recordedWhenPublished.size() == 2, 5_000, "both messages published");
    assertThat(recordedWhenPublished).containsOnly(true);
    assertThat(Await.result(service.access.messages(fan, "SUBSCRIBER", id, first)).getJsonArray("items").stream()
        .map(m -> ((JsonObject) m).getString("text"))).containsExactly("again");
  }

  @Test
  void aBurstOfMessagesIsRecordedOncePerMessageAndTheSendersCountsAreWrittenTogether() {
    String creator = UUID.randomUUID().toString();
    String id = liveStream(creator, "PUBLIC").getString("id");
    List<Future<JsonObject>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) { // together: most wait for the write in flight and go in one bulk write
      sent.add(service.chat.chat(creator, "CREATOR", new JsonObject().put("streamId", id).put("text", "burst " + i)));
    }
    List<Long> seqs = Await.result(Future.all(sent)).<JsonObject>list().stream().map(m -> m.getLong("seq")).toList();
    assertThat(seqs).doesNotHaveDuplicates().hasSize(60);
    assertThat(Await.result(mongo.count("stream_messages", new JsonObject().put("streamId", id)))).isEqualTo(60);
    for (long seq : List.of(seqs.get(0), seqs.get(59))) {
      assertThat(Await.result(mongo.count("stream_messages", new JsonObject().put("streamId", id).put("seq", seq)))).isEqualTo(1);
    }
    Await.result(service.flushMessageCounts());
    chat(creator, id, "one more");
    Await.result(service.flushMessageCounts());
    assertThat(Await.result(mongo.findOne("stream_viewers", new JsonObject().put("_id", id + "|" + creator), null))
        .getLong("messagesCount")).isEqualTo(61);
  }

  @Test
  void aSubscribersRoomTakesOnlyEntitledViewersAndTheCreator() {
    String creator = UUID.randomUUID().toString();
    String fan = UUID.randomUUID().toString();
    String id = liveStream(creator, "SUBSCRIBERS").getString("id");
    assertThat(refusal(() -> service.chat.chat(fan, "SUBSCRIBER", new JsonObject().put("streamId", id).put("text", "hi"))).status())
        .isEqualTo(403);
    entitled.add(fan + "|" + creator);
    assertThat(chat(fan, id, "now I may").getLong("seq")).isPositive();
    assertThat(chat(creator, id, "welcome").getLong("seq")).isPositive();
  }

  @Test
  void theChatRateMuteAndSlowModeHoldAndModeratorsAreExempt() {
    String creator = UUID.randomUUID().toString();
    String fan = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    String id = liveStream(creator, "PUBLIC").getString("id");
    for (int i = 0; i < 3; i++) {
      chat(fan, id, "m" + i);
    }
    assertThat(refusal(() -> service.chat.chat(fan, "SUBSCRIBER", new JsonObject().put("streamId", id).put("text", "too many"))).status())
        .isEqualTo(429);
    clock.advance(10_000); // the next 10-s window

    Await.result(service.moderation.mute(creator, "CREATOR", new JsonObject().put("streamId", id).put("userId", other).put("seconds", 60)));
    assertThat(refusal(() -> service.chat.chat(other, "SUBSCRIBER", new JsonObject().put("streamId", id).put("text", "muted?"))).getMessage())
        .contains("muted");

    Await.result(service.moderation.slowMode(creator, "CREATOR", new JsonObject().put("streamId", id).put("seconds", 30)));
    chat(fan, id, "one");
    assertThat(refusal(() -> service.chat.chat(fan, "SUBSCRIBER", new JsonObject().put("streamId", id).put("text", "two"))).getMessage())
        .contains("Slow mode");
    for (int i = 0; i < 5; i++) {
      chat(creator, id, "the creator is never slowed " + i);
    }
  }

  @Test
  void onlyTheCreatorAndModeratorsModerateAndABanKicksOnEveryNode() {
    String creator = UUID.randomUUID().toString();
    String fan = UUID.randomUUID().toString();
    String helper = UUID.randomUUID().toString();
    String id = liveStream(creator, "PUBLIC").getString("id");
    long seq = chat(fan, id, "rude").getLong("seq");
    assertThat(refusal(() -> service.moderation.deleteMessage(helper, "SUBSCRIBER", new JsonObject().put("streamId", id).put("seq", seq)))
        .status()).isEqualTo(403);
    Await.result(service.streams.moderators(creator, id, helper, true));
    assertThat(Await.result(service.moderation.deleteMessage(helper, "SUBSCRIBER", new JsonObject().put("streamId", id).put("seq", seq)))
        .getLong("deleted")).isEqualTo(seq);
    assertThat(Await.result(service.access.messages(creator, "CREATOR", id, 0)).getJsonArray("items").stream()
        .map(m -> (JsonObject) m).filter(m -> "MESSAGE".equals(m.getString("type")))).isEmpty();

    Await.result(service.moderation.ban(helper, "SUBSCRIBER", new JsonObject().put("streamId", id).put("userId", fan), true));
    Await.poll(() -> kicks.stream().filter(k -> fan.equals(k.getString("userId"))).count() == 2, 5_000, "the room and the inbox kicked");
    assertThat(kicks).filteredOn(k -> fan.equals(k.getString("userId"))).extracting(k -> k.getString("address"))
        .containsExactlyInAnyOrder(LiveAddresses.room(id), LiveAddresses.rtcInbox(id, fan));
    assertThat(refusal(() -> service.chat.chat(fan, "SUBSCRIBER", new JsonObject().put("streamId", id).put("text", "back?"))).status())
        .isEqualTo(403);
  }

  @Test
  void aJoinNamesTheRoomAndItsCommandAddressesSoBrowsersHardCodeNone() {
    String creator = UUID.randomUUID().toString();
    String id = liveStream(creator, "PUBLIC").getString("id");
    JsonObject join = Await.result(service.access.join(creator, "CREATOR", id));
    assertThat(join.getString("room")).isEqualTo(LiveAddresses.room(id));
    assertThat(join.getJsonObject("commands").getMap()).containsEntry("chat", LiveAddresses.CHAT_SEND)
        .containsEntry("tip", LiveAddresses.TIP_SEND).containsEntry("ban", LiveAddresses.MOD_BAN).containsEntry("slow", LiveAddresses.MOD_SLOW);
  }

  @Test
  void viewerCountsReachTheRoomWithoutTakingASeqOrABacklogPlace() {
    String creator = UUID.randomUUID().toString();
    String id = liveStream(creator, "PUBLIC").getString("id");
    long seq = chat(creator, id, "before the count").getLong("seq");
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    Await.result(vertx.eventBus().<JsonObject>consumer(LiveAddresses.room(id), msg -> heard.add(msg.body())).completion());
    Await.result(service.presence.pushViewerCounts());
    Await.poll(() -> heard.stream().anyMatch(m -> "VIEWERS".equals(m.getString("type"))), 5_000, "a viewer count in the room");
    assertThat(heard).filteredOn(m -> "VIEWERS".equals(m.getString("type")))
        .allSatisfy(m -> assertThat(m.containsKey("seq")).as(m.encode()).isFalse());
    assertThat(Await.result(service.access.messages(creator, "CREATOR", id, 0)).getJsonArray("items").stream()
        .map(m -> ((JsonObject) m).getString("type"))).doesNotContain("VIEWERS");
    assertThat(chat(creator, id, "after the count").getLong("seq")).isEqualTo(seq + 1);
  }

  @Test
  void aRoomTipIsPaidOnceUnderItsKeyAndShownOnce() {
    String creator = UUID.randomUUID().toString();
    String fan = UUID.randomUUID().toString();
    String id = liveStream(creator, "PUBLIC").getString("id");
    JsonObject tip = new JsonObject().put("streamId", id).put("amount", 500).put("idempotencyKey", "tip-1").put("message", "great");
    Await.result(service.chat.tip(fan, "SUBSCRIBER", tip.copy()));
    Await.result(service.chat.tip(fan, "SUBSCRIBER", tip.copy())); // a retry of the same tap
    assertThat(tips).filteredOn(t -> fan.equals(t.getString("fanId"))).hasSize(2)
        .allSatisfy(t -> assertThat(t.getString("idempotencyKey")).isEqualTo("live:" + id + ":tip-1"))
        .allSatisfy(t -> assertThat(t.getJsonObject("tip").getString("paymentMethod")).isEqualTo("pm_card_visa"));
    List<JsonObject> shown = Await.result(service.access.messages(fan, "SUBSCRIBER", id, 0)).getJsonArray("items").stream()
        .map(m -> (JsonObject) m).filter(m -> "TIP".equals(m.getString("type"))).toList();
    assertThat(shown).singleElement().satisfies(m -> {
      assertThat(m.getJsonObject("amount").getLong("amount")).isEqualTo(500);
      assertThat(m.getString("message")).isEqualTo("great");
    });
    ApiException invalid = refusal(() -> service.chat.tip(fan, "SUBSCRIBER", new JsonObject().put("streamId", id).put("amount", "lots")
        .put("idempotencyKey", "tip-2")));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.extensions().getJsonArray("errors").encode()).contains("\"field\":\"amount\"");
  }
}
