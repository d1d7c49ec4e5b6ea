package dev.creatorhub.shared.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One section of the node's configuration, read strictly: a missing or mistyped key stops startup
 * with the key's full name, so {@code conf/default.json} is the only place a default lives.
 */
public final class Settings {

  private final String name;
  private final JsonObject section;

  private Settings(String name, JsonObject section) {
    this.name = name;
    this.section = section;
  }

  /** The section {@code name} of {@code config}; fails when it is absent. */
  public static Settings of(JsonObject config, String name) {
    Object section = config == null ? null : config.getValue(name);
    if (!(section instanceof JsonObject object)) {
      throw new IllegalStateException("configuration section '" + name + "' is missing (see conf/default.json)");
    }
    return new Settings(name, object);
  }

  public long requireLong(String key) {
    return number(key).longValue();
  }

  public int requireInt(String key) {
    return number(key).intValue();
  }

  /** A positive number of milliseconds (or seconds, as the key says). */
  public long requirePositive(String key) {
    long value = requireLong(key);
    if (value <= 0) {
      throw wrong(key, "a positive number", value);
    }
    return value;
  }

  public List<Long> requireLongs(String key) {
    Object value = require(key);
    if (!(value instanceof JsonArray array) || array.isEmpty() || !array.stream().allMatch(v -> v instanceof Number)) {
      throw wrong(key, "a non-empty list of numbers", value);
    }
    return array.stream().map(v -> ((Number) v).longValue()).toList();
  }

  /** A nested section, named with its full path in messages ({@code auth.argon2.memoryKiB}). */
  public Settings section(String key) {
    Object value = require(key);
    if (!(value instanceof JsonObject object)) {
      throw wrong(key, "an object", value);
    }
    return new Settings(name + "." + key, object);
  }

  /** A string; {@code ""} is a value (an optional secret not set, say). */
  public String requireString(String key) {
    Object value = require(key);
    if (!(value instanceof String text)) {
      throw wrong(key, "a string", value);
    }
    return text;
  }

  public boolean requireBoolean(String key) {
    Object value = require(key);
    if (!(value instanceof Boolean flag)) {
      throw wrong(key, "true or false", value);
    }
    return flag;
  }

  /** A list of strings (it may be empty). */
  public List<String> requireStrings(String key) {
    Object value = require(key);
    if (!(value instanceof JsonArray array) || !array.stream().allMatch(v -> v instanceof String)) {
      throw wrong(key, "a list of strings", value);
    }
    return array.stream().map(String.class::cast).toList();
  }

  /** A list of anything (a copy), for values passed on as they are (ICE servers, say). */
  public JsonArray requireArray(String key) {
    Object value = require(key);
    if (!(value instanceof JsonArray array)) {
      throw wrong(key, "a list", value);
    }
    return array.copy();
  }

  /** The raw section, for parts still read as JSON. */
  public JsonObject json() {
    return section;
  }

  private Number number(String key) {
    Object value = require(key);
    if (!(value instanceof Number n)) {
      throw wrong(key, "a number", value);
    }
    return n;
  }

  private Object require(String key) {
    Object value = section.getValue(key);
    if (value == null) {
      throw new IllegalStateException("setting '" + name + "." + key + "' is missing (see conf/default.json)");
    }
    return value;
  }

  private IllegalStateException wrong(String key, String expected, Object actual) {
    return new IllegalStateException("setting '" + name + "." + key + "' must be " + expected + ", not " + actual);
  }
}
