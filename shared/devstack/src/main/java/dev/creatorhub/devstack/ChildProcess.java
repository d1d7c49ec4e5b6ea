package dev.creatorhub.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process that cannot outlive us: it runs under a tiny shell wrapper that stops it with
 * SIGTERM as soon as our end of its stdin closes, which happens on a clean stop and also when this
 * JVM dies without running shutdown hooks.
 */
public final class ChildProcess implements AutoCloseable {

  private static final String WRAPPER =
      "exec 3<&0; \"$@\" </dev/null & child=$!; (cat <&3 >/dev/null; kill $child 2>/dev/null) & wait $child";

  private final String name;
  private final Process process;

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  public static ChildProcess start(String name, List<String> command, Path logFile) throws IOException {
    List<String> full = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, name));
    full.addAll(command);
    Process process = new ProcessBuilder(full)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
    return new ChildProcess(name, process);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String name() {
    return name;
  }

  /** Asks the child to stop (SIGTERM through the wrapper) and waits; kills it if it does not. */
  @Override
  public void close() {
    try {
      OutputStream stdin = process.getOutputStream();
      stdin.close();
    } catch (IOException ignored) {
      // already closed
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
