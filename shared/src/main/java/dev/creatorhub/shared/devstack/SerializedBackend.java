package dev.creatorhub.shared.devstack;

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
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store's backend, one command at a time, each made durable before it is answered.
 * mongo-java-server runs commands on many Netty threads against documents it shares and changes
 * in place, which failed under a few hundred clients; and its H2 file committed once a second, so
 * a {@code kill -9} lost up to a second of acknowledged writes. Serialized commands cost little on
 * a store that is CPU-bound anyway and bounded to this machine (docs/decisions/0015).
 */
final class SerializedBackend implements MongoBackend {

  private final MongoBackend delegate;
  private final Runnable commit;
  private final ReentrantLock lock = new ReentrantLock(true);

  /** {@code commit} runs after every command, still under the lock, before the answer goes out. */
  SerializedBackend(MongoBackend delegate, Runnable commit) {
    this.delegate = delegate;
    this.commit = commit;
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    lock.lock();
    try {
      Document answer = delegate.handleCommand(channel, database, command, query);
      commit.run();
      return answer;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Document handleMessage(MongoMessage message) {
    lock.lock();
    try {
      Document answer = delegate.handleMessage(message);
      commit.run();
      return answer;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    lock.lock();
    try {
      QueryResult answer = delegate.handleQuery(query);
      commit.run();
      return answer;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void handleClose(Channel channel) {
    locked(() -> delegate.handleClose(channel));
  }

  @Override
  public void dropDatabase(String database) {
    locked(() -> {
      delegate.dropDatabase(database);
      commit.run();
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
