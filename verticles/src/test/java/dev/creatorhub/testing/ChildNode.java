package dev.creatorhub.testing;

import dev.creatorhub.node.Node;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A platform node in a process of its own, so a test can {@code kill -9} it: {@code main} takes
 * the path of a config file; {@link #start} launches one from the test's classpath and returns
 * once it serves.
 */
public final class ChildNode implements AutoCloseable {

  private final Process process;
  private final int httpPort;

  private ChildNode(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    JsonObject config = new JsonObject(Files.readString(Path.of(args[0])));
    Node node = Node.start(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    System.out.println("READY " + node.id());
    System.out.flush();
    Thread.currentThread().join();
  }

  /** Starts a node with {@code config} (its own HTTP and management ports in it); its output goes to {@code log}. */
  public static ChildNode start(JsonObject config, Path log) throws Exception {
    Path file = Files.createTempFile("creatorhub-child-node", ".json");
    Files.writeString(file, config.encode());
    file.toFile().deleteOnExit();
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ChildNode.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    long deadline = System.currentTimeMillis() + 90_000;
    for (String line; (line = out.readLine()) != null; ) {
      writer.write(line);
      writer.newLine();
      if (line.startsWith("READY")) {
        writer.flush();
        Thread copy = new Thread(() -> {
          try (writer) {
            for (String l; (l = out.readLine()) != null; ) {
              writer.write(l);
              writer.newLine();
            }
          } catch (Exception ignored) {
            // the process died: that is what these tests do
          }
        }, "child-node-output");
        copy.setDaemon(true);
        copy.start();
        return new ChildNode(process, config.getJsonObject("http").getInteger("port"));
      }
      if (System.currentTimeMillis() > deadline) {
        break;
      }
    }
    writer.close();
    process.destroyForcibly();
    throw new IllegalStateException("the child node did not start; see " + log);
  }

  public int httpPort() {
    return httpPort;
  }

  /** {@code kill -9}: no shutdown hook, no drain, no goodbye to the cluster. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
