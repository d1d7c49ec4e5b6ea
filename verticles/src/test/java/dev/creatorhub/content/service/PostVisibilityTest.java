package dev.creatorhub.content.service;

import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestClock;
import dev.creatorhub.devstack.TestStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who sees what of a post, at service level: one Vertx (no cluster, no HTTP), the embedded store and
 * Redis, a clock the test moves, and the two domains content asks (auth for creators, payments for
 * entitlements) answered by stand-ins on the local bus: a fan subscribes to Anna, a buyer bought one post.
 */
class PostVisibilityTest {

  static final String ANNA = UUID.randomUUID().toString();
  static final String BELLA = UUID.randomUUID().toString();
  static final Viewer SUBSCRIBER = new Viewer(UUID.randomUUID().toString(), "SUBSCRIBER");
  static final Viewer STRANGER = new Viewer(UUID.randomUUID().toString(), "SUBSCRIBER");
  static final Viewer BUYER = new Viewer(UUID.randomUUID().toString(), "SUBSCRIBER");
  static final Viewer ADMIN = new Viewer(UUID.randomUUID().toString(), "ADMIN");
  static final Viewer NOBODY = new Viewer(null, null);
  static Vertx vertx;
  static final TestClock clock = new TestClock();
  static ContentService content;
  /** Posts the buyer bought. */
  static final Set<String> bought = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    JsonObject config = TestStack.config();
    config.getJsonObject("mongo").put("db", "post-visibility-" + UUID.randomUUID());
    vertx = Vertx.vertx();
    content = new ContentService(vertx, config, clock);
    Await.result(content.start());
    Map<String, String> creators = Map.of(ANNA, "anna", BELLA, "bella");
    Await.result(vertx.eventBus().<JsonObject>consumer(AuthClient.USER_GET, msg -> {
      String id = msg.body().getString("id", creators.entrySet().stream()
          .filter(e -> e.getValue().equals(msg.body().getString("username"))).map(Map.Entry::getKey).findFirst().orElse("none"));
      msg.reply(new JsonObject().put("id", id).put("username", creators.get(id)).put("role", "CREATOR").put("status", "ACTIVE"));
    }).completion());
    Await.result(vertx.eventBus().<JsonObject>consumer(EntitlementsClient.TARGETS, msg -> msg.reply(new JsonObject().put("targets",
        SUBSCRIBER.userId().equals(msg.body().getString("userId")) ? new JsonArray().add(ANNA) : new JsonArray()))).completion());
    Await.result(vertx.eventBus().<JsonObject>consumer(EntitlementsClient.CHECK_MANY, msg -> msg.reply(new JsonObject().put("entitled",
        new JsonArray(msg.body().getJsonArray("targets").stream().filter(t -> BUYER.userId().equals(msg.body().getString("userId"))
            && bought.contains(String.valueOf(t))).toList())))).completion());
  }

  @AfterAll
  static void stop() {
    Await.result(content.close());
    Await.result(vertx.close());
  }

  @Test
  void aSubscribersPostOpensOnlyForSubscribersItsCreatorAndAdmins() {
    String id = create(ANNA, new JsonObject().put("text", "for my subscribers only").put("visibility", "SUBSCRIBERS")
        .put("previewLength", 7)).getString("id");
    for (Viewer outsider : new Viewer[] {NOBODY, STRANGER, BUYER}) {
      JsonObject view = get(outsider, id);
      assertThat(view.getBoolean("locked")).as("%s", outsider).isTrue();
      assertThat(view.containsKey("text")).as("the hidden text never leaves").isFalse();
      assertThat(view.containsKey("media")).isFalse();
      assertThat(view.getString("textPreview")).isEqualTo("for my ");
    }
    for (Viewer insider : new Viewer[] {SUBSCRIBER, new Viewer(ANNA, "CREATOR"), ADMIN}) {
      JsonObject view = get(insider, id);
      assertThat(view.getBoolean("locked")).as("%s", insider).isFalse();
      assertThat(view.getString("text")).isEqualTo("for my subscribers only");
    }
  }

  @Test
  void aPayPerViewPostShowsItsPriceLockedUntilBoughtEvenToSubscribers() {
    String id = create(ANNA, new JsonObject().put("text", "the good one").put("visibility", "PPV")
        .put("price", new JsonObject().put("amount", 700).put("currency", "USD"))).getString("id");
    JsonObject locked = get(SUBSCRIBER, id);
    assertThat(locked.getBoolean("locked")).isTrue();
    assertThat(locked.getJsonObject("price")).isEqualTo(new JsonObject().put("amount", 700).put("currency", "USD"));
    assertThat(locked.containsKey("text")).isFalse();
    bought.add(id);
    assertThat(get(BUYER, id).getString("text")).isEqualTo("the good one");
    assertThat(Await.result(content.reading.offer(id)).getString("visibility")).isEqualTo("PPV");
  }

  @Test
  void aScheduledPostExistsOnlyForItsCreatorUntilItsTime() {
    String at = clock.instant().plusSeconds(3600).toString();
    String id = create(ANNA, new JsonObject().put("text", "tomorrow").put("visibility", "SUBSCRIBERS").put("publishAt", at))
        .getString("id");
    assertThat(status(content.reading.get(SUBSCRIBER, id))).isEqualTo(404);
    assertThat(status(content.reading.offer(id))).as("not sold before it is out").isEqualTo(404);
    assertThat(get(new Viewer(ANNA, "CREATOR"), id).getString("text")).isEqualTo("tomorrow");
    clock.advance(3_600_001);
    assertThat(get(SUBSCRIBER, id).getString("text")).isEqualTo("tomorrow");
  }

  @Test
  void anotherCreatorCannotEditAPostAndCannotEvenFindAHiddenOne() {
    String published = create(ANNA, new JsonObject().put("text", "mine").put("visibility", "PUBLIC")).getString("id");
    String hidden = create(ANNA, new JsonObject().put("text", "later").put("visibility", "PUBLIC")
        .put("publishAt", clock.instant().plusSeconds(600).toString())).getString("id");
    JsonObject edit = new JsonObject().put("text", "defaced");
    assertThat(status(content.writing.update(BELLA, published, edit))).isEqualTo(403);
    assertThat(status(content.writing.update(BELLA, hidden, edit))).isEqualTo(404);
    assertThat(status(content.writing.delete(new Viewer(BELLA, "CREATOR"), published))).isEqualTo(403);
    assertThat(get(NOBODY, published).getString("text")).isEqualTo("mine");
  }

  @Test
  void aDeletedPostIsGoneForEveryone() {
    String id = create(ANNA, new JsonObject().put("text", "brief").put("visibility", "PUBLIC")).getString("id");
    Await.result(content.writing.delete(new Viewer(ANNA, "CREATOR"), id));
    for (Viewer anyone : new Viewer[] {NOBODY, SUBSCRIBER, new Viewer(ANNA, "CREATOR")}) {
      assertThat(status(content.reading.get(anyone, id))).as("%s", anyone).isEqualTo(404);
    }
  }

  private static JsonObject create(String creatorId, JsonObject request) {
    return Await.result(content.writing.create(creatorId, request));
  }

  private static JsonObject get(Viewer viewer, String postId) {
    return Await.result(content.reading.get(viewer, postId));
  }

  private static int status(Future<?> outcome) {
    Throwable failure = Await.result(outcome.transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(failure).as("refused").isInstanceOf(ApiException.class);
    return ((ApiException) failure).status();
  }
}
