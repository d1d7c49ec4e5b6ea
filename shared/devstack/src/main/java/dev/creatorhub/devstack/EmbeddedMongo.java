package dev.creatorhub.devstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.h2.mvstore.MVStore;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB-wire-compatible server (mongo-java-server) used where no mongod can run. With a data
 * file it keeps its data on disk (H2 MVStore) between runs and through a crash of its process;
 * without, it is in memory (tests). Commands run one at a time ({@link SerializedBackend}).
 */
public final class EmbeddedMongo implements AutoCloseable {

  private static final int WORKER_THREADS = 32;

  private final MongoServer server;
  private final int port;

  private EmbeddedMongo(MongoServer server, int port) {
    this.server = server;
    this.port = port;
  }

  public static EmbeddedMongo start(Path dataFile, int port) throws Exception {
    MongoBackend backend;
    if (dataFile == null) {
      backend = new SerializedBackend(new MemoryBackend(), () -> { });
    } else {
      Files.createDirectories(dataFile.toAbsolutePath().getParent());
      H2Backend h2 = new H2Backend(dataFile.toString());
      MVStore file = h2.getMvStore();
      // Written to the file (the OS keeps it through a process crash) before a write is answered.
      backend = new SerializedBackend(h2, () -> {
        if (file.hasUnsavedChanges()) {
          file.commit();
        }
      });
    }
    MongoServer server = new MongoServer(backend);
    // Commands run one at a time anyway; more threads let more writers share one commit.
    server.bind(new java.net.InetSocketAddress("127.0.0.1", port), 1, WORKER_THREADS);
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
