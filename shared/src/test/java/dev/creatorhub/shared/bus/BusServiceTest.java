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

  @Test
  void aLocalConsumerThatRefusesForOverloadPassesTheRequestToTheCluster() {
    // Only NO_HANDLERS and the overload refusal (nothing ran) are asked again; any other failure is the answer.
    BusService.Served served = new BusService.Served();
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    Await.result(served.serve(vertx, "test.refuse", msg -> {
      ran.incrementAndGet();
      throw new ApiException(503, "Down.");
    }));
    Throwable refused = failure(LocalFirst.request(vertx, "test.refuse", new JsonObject(), new io.vertx.core.eventbus.DeliveryOptions()));
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(503);
    assertThat(ran).as("a 503 from a handler that ran is not retried").hasValue(1);
    Throwable none = failure(LocalFirst.request(vertx, "test.nobody", new JsonObject(), new io.vertx.core.eventbus.DeliveryOptions()));
    assertThat(((ReplyException) none).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
  }

  private static Throwable failure(Future<?> future) {
    return Await.result(future.transform(ar -> Future.succeededFuture(ar.cause())));
  }
}
