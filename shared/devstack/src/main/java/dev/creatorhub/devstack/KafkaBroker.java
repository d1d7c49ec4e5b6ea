package dev.creatorhub.devstack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) as a child JVM. Its
 * classpath comes from the {@code verticles/kafka-broker} module: the broker must not share the
 * app's classpath (INFRA-NOTES).
 */
public final class KafkaBroker implements AutoCloseable {

  private final ChildProcess process;
  private final int port;

  private KafkaBroker(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static KafkaBroker start(Path classpathFile, Path dir, int port, int controllerPort) throws IOException {
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException("Kafka broker classpath " + classpathFile.toAbsolutePath() + " is missing:"
          + " build the project first (mvn -DskipTests install) or set devstack.kafkaClasspathFile");
    }
    String classpath = Files.readString(classpathFile).trim();
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    Path properties = dir.resolve("server.properties");
    Files.writeString(properties, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + logs.toAbsolutePath(),
        "num.partitions=3",
        "auto.create.topics.enable=true",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=3",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "log.retention.hours=168",
        ""));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvm = List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath);
    if (!Files.exists(logs.resolve("meta.properties"))) {
      format(jvm, properties, dir.resolve("format.log"));
    }
    List<String> command = new java.util.ArrayList<>(jvm);
    command.addAll(List.of("kafka.Kafka", properties.toAbsolutePath().toString()));
    ChildProcess process = ChildProcess.start("kafka", command, dir.resolve("kafka.log"));
    Ports.awaitOpen("Kafka broker", port, 60_000, process);
    return new KafkaBroker(process, port);
  }

  private static void format(List<String> jvm, Path properties, Path log) throws IOException {
    List<String> command = new java.util.ArrayList<>(jvm);
    command.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted",
        "-t", clusterId(), "-c", properties.toAbsolutePath().toString()));
    Process format = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IllegalStateException("formatting Kafka storage failed: " + tail(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka storage", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Kafka cluster ids are 16 random bytes, base64url without padding. */
  /** A random id in Kafka's form; never starting with '-', which its command line would read as an option (as Kafka's own Uuid does). */
  static String clusterId() {
    while (true) {
      UUID uuid = UUID.randomUUID();
      ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.close();
  }
}
