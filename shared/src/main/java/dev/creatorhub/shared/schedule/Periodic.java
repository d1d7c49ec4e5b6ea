package dev.creatorhub.shared.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * A task run every {@code periodMs} on the caller's context, never twice at once: a tick that finds
 * the previous run unfinished is skipped, so a slow store does not pile up sweeps.
 */
public final class Periodic {

  private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

  private final Vertx vertx;
  private final long timer;
  private boolean running;

  private Periodic(Vertx vertx, long periodMs, Supplier<Future<?>> task) {
    this.vertx = vertx;
    this.timer = vertx.setPeriodic(periodMs, id -> tick(task));
  }

  public static Periodic start(Vertx vertx, long periodMs, Supplier<Future<?>> task) {
    return new Periodic(vertx, periodMs, task);
  }

  private void tick(Supplier<Future<?>> task) {
    if (running) {
      return;
    }
    running = true;
    Future<?> run;
    try {
      run = task.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    run.onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("scheduled task failed, running it again next time: {}", ar.cause().toString());
      }
    });
  }

  public void cancel() {
    vertx.cancelTimer(timer);
  }
}
