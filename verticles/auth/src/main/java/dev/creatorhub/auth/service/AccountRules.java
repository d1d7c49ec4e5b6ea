package dev.creatorhub.auth.service;

import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.text.DisplayText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.regex.Pattern;

/** How usernames, emails and display names are normalized, and the shape of a field error. */
final class AccountRules {

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.]{3,30}");
  private static final Pattern EMAIL = Pattern.compile("[^\\s@\"<>()\\[\\],;:]{1,64}@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.[a-z]{2,24}");

  private AccountRules() {
  }

  static String normalizeUsername(String username) {
    String normalized = username.trim().toLowerCase(Locale.ROOT);
    if (!USERNAME.matcher(normalized).matches()) {
      throw fieldError("username", "Use 3 to 30 of a-z, 0-9, '_' and '.'.");
    }
    return normalized;
  }

  static String normalizeEmail(String email) {
    String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches() || normalized.contains("..")) {
      throw fieldError("email", "That is not a valid email address.");
    }
    return normalized;
  }

  /** A display name as others see it: normalized and without invisible characters; never empty. */
  static String displayName(String value) {
    String name = DisplayText.name(value);
    if (name.isEmpty()) {
      throw fieldError("displayName", "A display name needs visible characters.");
    }
    return name;
  }

  static ApiException fieldError(String field, String message) {
    return new ApiException(400, "Bad Request", message, new JsonObject().put("errors",
        new JsonArray().add(new JsonObject().put("field", field).put("message", message))));
  }

  /** Applies dotted {@code $set} paths to a copy of the document, to describe the result without re-reading it. */
  static JsonObject applySet(JsonObject doc, JsonObject set) {
    set.forEach(e -> {
      String[] path = e.getKey().split("\\.");
      JsonObject target = doc;
      for (int i = 0; i < path.length - 1; i++) {
        JsonObject next = target.getJsonObject(path[i]);
        if (next == null) {
          next = new JsonObject();
          target.put(path[i], next);
        }
        target = next;
      }
      target.put(path[path.length - 1], e.getValue());
    });
    return doc;
  }
}
