package dev.creatorhub.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers for the embedded stack. */
public final class Ports {

  private Ports() {
  }

  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Below the kernel's ephemeral range (32768–60999 here): no outgoing connection is ever given one of these. */
  private static final int FIRST = 10_000;
  private static final int LAST = 19_999;

  /**
   * A port that is free right now and that this JVM has not handed out before (0 in config means
   * "pick one"). Picked below the ephemeral range: a port the OS picks for a listener is also one it
   * may give the next outgoing connection (a Kafka or Mongo client), and then the server promised
   * that port fails to bind ("Address already in use"). The memory keeps a second caller from being
   * promised a port handed out for a server not started yet.
   */
  public static int free() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = random.nextInt(FIRST, LAST + 1);
      if (HANDED_OUT.contains(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        if (HANDED_OUT.add(port)) {
          return port;
        }
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port between " + FIRST + " and " + LAST));
  }

  public static int orFree(int port) {
    return port > 0 ? port : free();
  }

  public static boolean isOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until something listens on {@code port}, or fails after {@code timeoutMs}. */
  public static void awaitOpen(String what, int port, long timeoutMs, ChildProcess process) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!isOpen(port)) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(what + " exited during startup; see its log");
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(what + " did not open port " + port + " within " + timeoutMs + " ms");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Fails fast with a readable message when a configured fixed port is taken. */
  public static void requireFree(String what, int port) {
    if (isOpen(port)) {
      throw new IllegalStateException(what + " port " + port + " is already in use; stop whatever listens"
          + " there or choose another port (see README, configuration)");
    }
  }
}
