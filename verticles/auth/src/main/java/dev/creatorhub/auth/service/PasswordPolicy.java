package dev.creatorhub.auth.service;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be: 10 to 128 characters, not a common password (the zxcvbn list shipped in
 * {@code auth/common-passwords.txt}, also with trailing digits and symbols stripped), and not the
 * username or email.
 */
final class PasswordPolicy {

  static final int MIN_LENGTH = 10;
  static final int MAX_LENGTH = 128;

  private final Set<String> common;

  private PasswordPolicy(Set<String> common) {
    this.common = common;
  }

  /** Reads the shipped list (blocking: call from a worker). */
  static PasswordPolicy load() {
    Set<String> words = new HashSet<>(64_000);
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("/auth/common-passwords.txt")) {
      if (in == null) {
        throw new IllegalStateException("auth/common-passwords.txt is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          words.add(line.trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PasswordPolicy(words);
  }

  /** Throws a 400 naming the field when the password is not acceptable. */
  void check(String field, String password, String username, String email) {
    String problem = problem(password, username, email);
    if (problem != null) {
      throw new ApiException(400, "Bad Request", problem, new JsonObject().put("errors",
          new JsonArray().add(new JsonObject().put("field", field).put("message", problem))));
    }
  }

  String problem(String password, String username, String email) {
    if (password.length() < MIN_LENGTH) {
      return "The password needs at least " + MIN_LENGTH + " characters.";
    }
    if (password.length() > MAX_LENGTH) {
      return "The password may have at most " + MAX_LENGTH + " characters.";
    }
    String lower = password.toLowerCase(Locale.ROOT);
    String stripped = lower.replaceAll("[^a-z]+$", "");
    if (common.contains(lower) || (stripped.length() >= 6 && common.contains(stripped))) {
      return "This password is too common; choose another.";
    }
    if (lower.chars().distinct().count() < 4) {
      return "This password is too simple; use more different characters.";
    }
    if (username != null && lower.contains(username.toLowerCase(Locale.ROOT))) {
      return "The password must not contain the username.";
    }
    if (email != null && lower.contains(email.toLowerCase(Locale.ROOT).split("@")[0]) && email.split("@")[0].length() >= 4) {
      return "The password must not contain the email address.";
    }
    return null;
  }
}
