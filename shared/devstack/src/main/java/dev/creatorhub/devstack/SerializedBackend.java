package dev.creatorhub.devstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The embedded store's backend, one command at a time, each write made durable before it is
 * answered. mongo-java-server runs commands on many Netty threads against documents it shares and
 * changes in place, which failed under a few hundred clients; and its H2 file committed once a
 * second, so a {@code kill -9} lost up to a second of acknowledged writes. Commits are grouped: a
 * writer waits after its command (outside the command lock) until a commit covers it, and one
 * commit covers every command finished before it started (docs/decisions/0015).
 */
final class SerializedBackend implements MongoBackend {

  /** Commands that never change data: they wait for no commit. Anything else is treated as a write. */
  private static final Set<String> READS = Set.of("find", "getmore", "aggregate", "count", "distinct", "listcollections",
      "listindexes", "listdatabases", "ismaster", "hello", "ping", "buildinfo", "serverstatus", "getlasterror",
      "killcursors", "endsessions", "whatsmyuri", "getparameter", "hostinfo", "dbstats", "collstats", "explain");

  private final MongoBackend delegate;
  private final Runnable commit;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final AtomicLong finishedWrites = new AtomicLong();
  private final Object commits = new Object();
  private long committedWrites;

  /** {@code commit} makes every change so far durable; it runs outside the command lock, one at a time. */
  SerializedBackend(MongoBackend delegate, Runnable commit) {
    this.delegate = delegate;
    this.commit = commit;
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    return durable(command, () -> snapshot(delegate.handleCommand(channel, database, command, query)));
  }

  /**
   * A copy of the reply, taken under the command lock: the reply is encoded later on the network
   * thread, and the stored documents it references may meanwhile be changed by the next command
   * (seen as a ConcurrentModificationException in the encoder, and a reply that never came).
   */
  private static Document snapshot(Document reply) {
    return reply == null ? null : reply.cloneDeeply();
  }

  @Override
  public Document handleMessage(MongoMessage message) {
    String command = message.getDocument().keySet().stream().findFirst().orElse("");
    return durable(command, () -> snapshot(delegate.handleMessage(message)));
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    return durable("query", () -> delegate.handleQuery(query));
  }

  private <T> T durable(String command, Supplier<T> action) {
    long write;
    T answer;
    lock.lock();
    try {
      answer = action.get();
      write = READS.contains(command.toLowerCase(Locale.ROOT)) ? 0 : finishedWrites.incrementAndGet();
    } finally {
      lock.unlock();
    }
    if (write > 0) {
      awaitCommit(write);
    }
    return answer;
  }

  /** Returns once a commit covers write number {@code write}; whoever commits covers all writes finished so far. */
  private void awaitCommit(long write) {
    synchronized (commits) {
      if (committedWrites >= write) {
        return;
      }
      long covered = finishedWrites.get();
      commit.run();
      committedWrites = covered;
    }
  }

  @Override
  public void handleClose(Channel channel) {
    locked(() -> delegate.handleClose(channel));
  }

  @Override
  public void dropDatabase(String database) {
    durable("dropDatabase", () -> {
      delegate.dropDatabase(database);
      return null;
    });
  }

  @Override
  public Collection<Document> getCurrentOperations(MongoQuery query) {
    return delegate.getCurrentOperations(query);
  }

  @Override
  public Document getServerStatus() {
    return delegate.getServerStatus();
  }

  @Override
  public void close() {
    locked(delegate::close);
  }

  @Override
  public void closeCursors(List<Long> cursorIds) {
    locked(() -> delegate.closeCursors(cursorIds));
  }

  @Override
  public Clock getClock() {
    return delegate.getClock();
  }

  @Override
  public void enableOplog() {
    delegate.enableOplog();
  }

  @Override
  public void disableOplog() {
    delegate.disableOplog();
  }

  @Override
  public MongoDatabase resolveDatabase(String database) {
    return delegate.resolveDatabase(database);
  }

  @Override
  public MongoBackend version(MongoVersion version) {
    delegate.version(version);
    return this;
  }

  private void locked(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }
}
