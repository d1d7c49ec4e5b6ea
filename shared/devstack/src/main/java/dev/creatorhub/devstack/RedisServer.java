package dev.creatorhub.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real redis-server (Debian's package) as a child process. */
public final class RedisServer implements AutoCloseable {

  private final ChildProcess process;
  private final int port;

  private RedisServer(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts redis-server; with {@code persistDir} it keeps its data there (append-only file), otherwise nothing. */
  public static RedisServer start(String binary, Path workDir, Path persistDir, int port) throws IOException {
    String executable = resolve(binary);
    Files.createDirectories(workDir);
    List<String> command = new ArrayList<>(List.of(executable,
        "--port", String.valueOf(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
        "--daemonize", "no", "--loglevel", "warning"));
    if (persistDir != null) {
      Files.createDirectories(persistDir);
      // The append-only file is written before a command is answered, so a killed redis-server keeps
      // what it acknowledged (sessions, room seqs); snapshots compact it.
      command.addAll(List.of("--dir", persistDir.toAbsolutePath().toString(), "--save", "60 1",
          "--appendonly", "yes", "--appendfsync", "everysec"));
    } else {
      command.addAll(List.of("--dir", workDir.toAbsolutePath().toString(), "--save", "", "--appendonly", "no"));
    }
    ChildProcess process = ChildProcess.start("redis", command, workDir.resolve("redis.log"));
    Ports.awaitOpen("redis-server", port, 10_000, process);
    return new RedisServer(process, port);
  }

  static String resolve(String binary) {
    if (binary.contains("/")) {
      if (Files.isExecutable(Path.of(binary))) {
        return binary;
      }
    } else {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
          return Path.of(dir, binary).toString();
        }
      }
      for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
        if (Files.isExecutable(Path.of(dir, binary))) {
          return Path.of(dir, binary).toString();
        }
      }
    }
    throw new IllegalStateException("'" + binary + "' not found: run scripts/setup.sh (installs Debian's"
        + " redis-server) or set devstack.redisServer (DEVSTACK_REDIS_SERVER)");
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.close();
  }
}
