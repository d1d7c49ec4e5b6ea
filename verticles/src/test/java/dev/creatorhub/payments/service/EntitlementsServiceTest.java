package dev.creatorhub.payments.service;

import dev.creatorhub.payments.store.EntitlementStore;
import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.testkit.Await;
import dev.creatorhub.shared.testkit.TestClock;
import dev.creatorhub.devstack.TestStack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entitlement rules at service level: one Vertx (no cluster, no HTTP), the embedded store and a
 * clock the test moves, so an expiry is a clock step, not a wait.
 */
class EntitlementsServiceTest {

  static Vertx vertx;
  static MongoClient mongo;
  static TestClock clock = new TestClock();
  static Entitlements entitlements;
  static final List<String> accessChanged = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    JsonObject config = TestStack.config();
    vertx = Vertx.vertx();
    mongo = Mongo.client(vertx, config, "payments-service-test");
    entitlements = new Entitlements(vertx, new EntitlementStore(mongo), clock);
    Await.result(entitlements.listen());
    Await.result(vertx.eventBus().<JsonObject>consumer(BridgeRules.ACCESS_CHANGED,
        msg -> accessChanged.add(msg.body().getString("userId"))).completion());
  }

  @AfterAll
  static void stop() {
    Await.result(mongo.close());
    Await.result(vertx.close());
  }

  @Test
  void accessEndsWhenItsTimeComesWithoutAnyWrite() {
    String fan = UUID.randomUUID().toString();
    long until = clock.millis() + 60_000;
    Await.result(entitlements.grant(fan, "SUBSCRIPTION", "creator-1", until, null));
    assertThat(Await.result(entitlements.check(fan, "SUBSCRIPTION", "creator-1")))
        .isEqualTo(new JsonObject().put("entitled", true).put("until", until));
    clock.advance(60_001);
    assertThat(Await.result(entitlements.entitled(fan, "SUBSCRIPTION", "creator-1"))).isFalse();
    assertThat(Await.result(entitlements.targets(fan, "SUBSCRIPTION")).getJsonArray("targets")).isEmpty();
  }

  @Test
  void aShorterGrantNeverCutsALongerOne() {
    String fan = UUID.randomUUID().toString();
    long longer = clock.millis() + 600_000;
    Await.result(entitlements.grant(fan, "SUBSCRIPTION", "creator-2", longer, null));
    Await.result(entitlements.grant(fan, "SUBSCRIPTION", "creator-2", clock.millis() + 1_000, null));
    assertThat(Await.result(entitlements.check(fan, "SUBSCRIPTION", "creator-2")).getLong("until")).isEqualTo(longer);
  }

  @Test
  void aRevokedPurchaseEndsAccessAndTellsTheBridge() {
    String fan = UUID.randomUUID().toString();
    Await.result(entitlements.grant(fan, "PPV", "post-1", null, "payment-1"));
    Await.result(entitlements.grant(fan, "PPV", "post-2", null, "payment-2"));
    assertThat(Await.result(entitlements.entitled(fan, "PPV", "post-1"))).isTrue(); // cached now
    Await.result(entitlements.revokePaidBy("payment-1"));
    assertThat(Await.result(entitlements.entitled(fan, "PPV", "post-1"))).isFalse();
    assertThat(Await.result(entitlements.heldAmong(fan, "PPV", new JsonArray().add("post-1").add("post-2").add("post-3")))
        .getJsonArray("entitled")).containsExactly("post-2");
    Await.poll(() -> accessChanged.contains(fan), 5_000, "the bridge is told the fan's access changed");
  }

  @Test
  void badQuestionsAreRefused() {
    assertThat(failure(entitlements.check(null, "PPV", "x"))).hasMessageContaining("userId, kind and target");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      many.add("post-" + i);
    }
    assertThat(failure(entitlements.heldAmong("fan", "PPV", many))).hasMessageContaining("at most 1000");
  }

  private static Throwable failure(io.vertx.core.Future<?> future) {
    return Await.result(future.transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())));
  }
}
