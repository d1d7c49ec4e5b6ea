package dev.creatorhub.content.service;

import dev.creatorhub.devstack.TestStack;
import dev.creatorhub.testing.AuthStandIn;
import dev.creatorhub.payments.api.EntitlementsClient;
import dev.creatorhub.payments.service.PaymentsService;
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

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Post visibility and locking at service level: the content services and the payments entitlements on
 * one Vertx (no cluster, no HTTP), the embedded store and Redis, and one clock the test moves.
 * Entitlement addresses are served as payments' bus adapter serves them; auth is a local stand-in.
 */
class PostVisibilityServiceTest {

  static Vertx vertx;
  static TestClock clock = new TestClock();
  static PaymentsService payments;
  static ContentService content;
  static String currency;
  static AuthStandIn auth;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    JsonObject config = TestStack.config();
    config.getJsonObject("mongo").put("db", "content-service-test");
    payments = new PaymentsService(vertx, config, clock);
    content = new ContentService(vertx, config, clock);
    Await.result(payments.start().compose(v -> content.start()));
    currency = payments.clientConfig().getString("currency");
    BusService.Served entitlements = new BusService.Served();
    Await.result(Future.all(
        entitlements.serve(vertx, EntitlementsClient.CHECK, msg -> payments.entitlements.check(msg.body().getString("userId"),
            msg.body().getString("kind"), msg.body().getString("target"))),
        entitlements.serve(vertx, EntitlementsClient.CHECK_MANY, msg -> payments.entitlements.heldAmong(msg.body().getString("userId"),
            msg.body().getString("kind"), msg.body().getJsonArray("targets", new JsonArray()))),
        entitlements.serve(vertx, EntitlementsClient.TARGETS, msg -> payments.entitlements.targets(msg.body().getString("userId"),
            msg.body().getString("kind")))));
    auth = AuthStandIn.on(vertx);
  }

  @AfterAll
  static void stop() {
    Await.result(content.close());
    Await.result(vertx.close());
  }

  static Viewer creator() {
    return new Viewer(auth.add("CREATOR", new JsonObject()).getString("id"), "CREATOR");
  }

  static Viewer fan() {
    return new Viewer(UUID.randomUUID().toString(), "SUBSCRIBER");
  }

  static String post(Viewer creator, String visibility, JsonObject extra) {
    JsonObject request = new JsonObject().put("text", "the " + visibility + " text").put("visibility", visibility).mergeIn(extra);
    if ("PPV".equals(visibility)) {
      request.put("price", new JsonObject().put("amount", 500).put("currency", currency));
    }
    return Await.result(content.writing.create(creator.userId(), request)).getString("id");
  }

  static JsonObject seenBy(Viewer viewer, String postId) {
    return Await.result(content.reading.get(viewer, postId));
  }

  static int status(Throwable err) {
    return err instanceof ApiException api ? api.status() : -1;
  }

  @Test
  void eachPostShowsItsTextOnlyToThoseItIsFor() {
    Viewer creator = creator();
    String open = post(creator, "PUBLIC", new JsonObject());
    String members = post(creator, "SUBSCRIBERS", new JsonObject());
    String sold = post(creator, "PPV", new JsonObject());
    Viewer nobody = new Viewer(null, null);
    Viewer stranger = fan();
    Viewer subscriber = fan();
    Viewer buyer = fan();
    Await.result(payments.entitlements.grant(subscriber.userId(), "SUBSCRIPTION", creator.userId(), clock.millis() + 60_000, null));
    Await.result(payments.entitlements.grant(buyer.userId(), "PPV", sold, null, "payment-" + sold));

    for (Viewer anyone : new Viewer[] {nobody, stranger, subscriber, buyer, creator, new Viewer("admin-1", "ADMIN")}) {
      assertThat(seenBy(anyone, open).getBoolean("locked")).isFalse();
    }
    for (Viewer locked : new Viewer[] {nobody, stranger, buyer}) {
      JsonObject view = seenBy(locked, members);
      assertThat(view.getBoolean("locked")).isTrue();
      assertThat(view.containsKey("text")).as("a locked post carries no text").isFalse();
    }
    assertThat(seenBy(subscriber, members).getString("text")).isEqualTo("the SUBSCRIBERS text");
    for (Viewer locked : new Viewer[] {nobody, stranger, subscriber}) {
      JsonObject view = seenBy(locked, sold);
      assertThat(view.getBoolean("locked")).isTrue();
      assertThat(view.getJsonObject("price").getLong("amount")).isEqualTo(500);
      assertThat(view.containsKey("text")).isFalse();
    }
    assertThat(seenBy(buyer, sold).getString("text")).isEqualTo("the PPV text");
    assertThat(seenBy(creator, sold).getBoolean("locked")).isFalse();
    assertThat(seenBy(new Viewer("admin-1", "ADMIN"), members).getBoolean("locked")).isFalse();
  }

  @Test
  void aSubscribersPostLocksAgainWhenTheSubscriptionsTimeIsUp() {
    Viewer creator = creator();
    String members = post(creator, "SUBSCRIBERS", new JsonObject());
    Viewer subscriber = fan();
    Await.result(payments.entitlements.grant(subscriber.userId(), "SUBSCRIPTION", creator.userId(), clock.millis() + 60_000, null));
    assertThat(seenBy(subscriber, members).getBoolean("locked")).isFalse();
    clock.advance(60_001);
    assertThat(seenBy(subscriber, members).getBoolean("locked")).isTrue();
  }

  @Test
  void aRevokedPurchaseLocksThePostAgain() {
    Viewer creator = creator();
    String sold = post(creator, "PPV", new JsonObject());
    Viewer buyer = fan();
    Await.result(payments.entitlements.grant(buyer.userId(), "PPV", sold, null, "payment-" + sold));
    assertThat(seenBy(buyer, sold).getBoolean("locked")).isFalse();
    Await.result(payments.entitlements.revoke(buyer.userId(), "PPV", sold));
    assertThat(seenBy(buyer, sold).getBoolean("locked")).isTrue();
  }

  @Test
  void aScheduledPostIsHiddenAndNotSoldUntilItsTime() {
    Viewer creator = creator();
    String at = Instant.ofEpochMilli(clock.millis() + 3_600_000).toString();
    String later = post(creator, "PPV", new JsonObject().put("publishAt", at));
    Viewer fan = fan();
    assertThat(status(Await.failure(content.reading.get(fan, later)))).isEqualTo(404);
    assertThat(status(Await.failure(content.reading.offer(later)))).isEqualTo(404);
    String username = auth.user(creator.userId()).getString("username");
    assertThat(Await.result(content.reading.creatorPosts(fan, username, new JsonObject())).getJsonArray("items")).isEmpty();
    JsonObject own = seenBy(creator, later);
    assertThat(own.getBoolean("scheduled")).isTrue();

    clock.advance(3_600_001);
    assertThat(seenBy(fan, later).getBoolean("locked")).isTrue();
    assertThat(seenBy(creator, later).getBoolean("scheduled")).isFalse();
    assertThat(Await.result(content.reading.offer(later)).getJsonObject("price").getLong("amount")).isEqualTo(500);
    assertThat(Await.result(content.reading.creatorPosts(fan, username, new JsonObject())).getJsonArray("items")).hasSize(1);
  }

  @Test
  void anotherCreatorCannotEditOrDeleteAPost() {
    Viewer owner = creator();
    Viewer other = creator();
    String open = post(owner, "PUBLIC", new JsonObject());
    assertThat(status(Await.failure(content.writing.update(other.userId(), open, new JsonObject().put("text", "mine now")))))
        .isEqualTo(403);
    assertThat(status(Await.failure(content.writing.delete(other, open)))).isEqualTo(403);
    assertThat(seenBy(fan(), open).getString("text")).isEqualTo("the PUBLIC text");
  }
}
