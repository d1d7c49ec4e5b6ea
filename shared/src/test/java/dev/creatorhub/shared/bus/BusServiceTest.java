package dev.creatorhub.shared.bus;

import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BusServiceTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  @Test
  void servesOneReplyPerRequestAndFailuresAsStatusCodes() {
    BusService.Served served = new BusService.Served();
    Await.result(served.serve(vertx, "test.echo", msg -> Future.succeededFuture(msg.body().copy().put("echo", true))));
    Await.result(served.serve(vertx, "test.refuse", msg -> {
      throw new ApiException(409, "No.");
    }));
    JsonObject reply = Await.result(vertx.eventBus().<JsonObject>request("test.echo", new JsonObject().put("n", 1))).body();
    assertThat(reply).isEqualTo(new JsonObject().put("n", 1).put("echo", true));
    Throwable refused = failure(vertx.eventBus().request("test.refuse", new JsonObject()));
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(409);
  }

  @Test
  void stoppingTakesTheAddressesOffTheBus() {
    BusService.Served served = new BusService.Served();
    Await.result(served.serve(vertx, "test.echo", msg -> Future.succeededFuture(new JsonObject())));
    Await.result(served.stop());
    Throwable gone = failure(vertx.eventBus().request("test.echo", new JsonObject()));
    assertThat(gone).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) gone).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  private static Throwable failure(Future<?> future) {
    return Await.result(future.transform(ar -> Future.succeededFuture(ar.cause())));
  }
}
