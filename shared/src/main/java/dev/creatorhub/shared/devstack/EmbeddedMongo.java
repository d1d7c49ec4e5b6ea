package dev.creatorhub.shared.devstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB-wire-compatible server (mongo-java-server) used where no mongod can run. With a data
 * file it keeps its data on disk (H2 MVStore) between runs; without, it is in memory (tests).
 */
public final class EmbeddedMongo implements AutoCloseable {

  private final MongoServer server;
  private final int port;

  private EmbeddedMongo(MongoServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static EmbeddedMongo start(Path dataFile, int port) throws Exception {
    MongoBackend backend;
    if (dataFile == null) {
      backend = new MemoryBackend();
    } else {
      Files.createDirectories(dataFile.toAbsolutePath().getParent());
      backend = new H2Backend(dataFile.toString());
    }
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", port);
    return new EmbeddedMongo(server, server.getLocalAddress().getPort());
  }

  public String uri() {
    return "mongodb://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
