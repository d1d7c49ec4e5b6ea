package dev.creatorhub.auth.service;

import dev.creatorhub.auth.AuthSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.UUID;

/** Password hashing on its own worker pool (Argon2 is slow on purpose), and the password policy. */
final class Passwords {

  private final Vertx vertx;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashing;
  private PasswordPolicy policy;
  /** What an unknown account's sign-in is checked against: the same work, so the same time, as a real one. */
  private String dummyHash;

  Passwords(Vertx vertx, AuthSettings.Argon2 argon, int hashingThreads) {
    this.vertx = vertx;
    hasher = new PasswordHasher(argon.memoryKiB(), argon.iterations(), argon.parallelism());
    hashing = vertx.createSharedWorkerExecutor("auth-password-hashing", hashingThreads);
  }

  Future<Void> start() {
    Future<PasswordPolicy> loaded = vertx.executeBlocking(PasswordPolicy::load);
    Future<String> dummy = hash(UUID.randomUUID().toString());
    return Future.all(loaded, dummy).map(v -> {
      policy = loaded.result();
      dummyHash = dummy.result();
      return null;
    });
  }

  void check(String field, String password, String username, String email) {
    policy.check(field, password, username, email);
  }

  Future<String> hash(String password) {
    return hashing.executeBlocking(() -> hasher.hash(password), false);
  }

  /** Verifies against {@code hash}, or against a dummy hash when there is no account (null). */
  Future<Boolean> verify(String password, String hash) {
    String against = hash == null ? dummyHash : hash;
    return hashing.executeBlocking(() -> hasher.verify(password, against), false);
  }

  Future<Void> close() {
    return hashing.close();
  }
}
