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
