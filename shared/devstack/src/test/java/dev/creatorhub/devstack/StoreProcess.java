package dev.creatorhub.devstack;

import java.nio.file.Path;

/** The embedded store alone in a process of its own, so a test can {@code kill -9} it: args are the data file and port. */
public final class StoreProcess {

  private StoreProcess() {
  }

  public static void main(String[] args) throws Exception {
    EmbeddedMongo store = EmbeddedMongo.start(Path.of(args[0]), Integer.parseInt(args[1]));
    System.out.println("READY " + store.uri());
    System.out.flush();
    Thread.currentThread().join();
  }
}
