package dev.creatorhub.shared.testkit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Waiting helpers for tests: poll a condition, or block a test thread on a future. */
public final class Await {

  private Await() {
  }

  /** Completes once {@code condition} yields true, polling every 50 ms; fails after {@code timeoutMs}. */
  public static Future<Void> until(Vertx vertx, Supplier<Future<Boolean>> condition, long timeoutMs, String what) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    poll(vertx, condition, deadline, what, done);
    return done.future();
  }

  private static void poll(Vertx vertx, Supplier<Future<Boolean>> condition, long deadline, String what, Promise<Void> done) {
    condition.get().onComplete(ar -> {
      if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
        done.complete();
      } else if (System.currentTimeMillis() > deadline) {
        done.fail(new AssertionError("timed out waiting for " + what
            + (ar.failed() ? ": " + ar.cause() : "")));
      } else {
        vertx.setTimer(50, t -> poll(vertx, condition, deadline, what, done));
      }
    });
  }

  /** Polls a blocking condition from the test thread (never on an event loop) every 50 ms. */
  public static void poll(java.util.function.BooleanSupplier condition, long timeoutMs, String what) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Blocks the calling (test) thread; never call it on an event loop. */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future failed: " + e.getMessage(), e);
    }
  }

  /** The failure of a future that must fail (blocks the test thread, as {@link #result} does). */
  public static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("future did not finish: " + e.getMessage(), e);
    }
    throw new AssertionError("future succeeded but should have failed");
  }
}
