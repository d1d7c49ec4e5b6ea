package dev.creatorhub.shared.config;

import dev.creatorhub.shared.domain.DomainConfig;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads the node configuration: {@code conf/default.json}, then {@code conf/<profile>.json} when a
 * profile is set, then environment variables and system properties.
 *
 * <p>Every leaf key of the files can be overridden: the system property is the dotted key
 * ({@code -Dhttp.port=8081}), the environment variable is the key in upper snake case
 * ({@code HTTP_PORT=8081}, {@code RATE_LIMITS_GROUPS_AUTH_PER_IP=5}). Arrays take comma-separated
 * values. Only keys present in the files can be overridden, so every key is documented there.
 */
public final class NodeConfig {

  private NodeConfig() {
  }

  /** Store options for a profile, in override order. Files are read from the filesystem or classpath. */
  public static ConfigRetrieverOptions retrieverOptions(String confDir, String profile, long scanPeriodMs) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .setScanPeriod(scanPeriodMs)
        .addStore(fileStore(confDir + "/default.json", false));
    if (profile != null && !profile.isBlank()) {
      options.addStore(fileStore(confDir + "/" + profile + ".json", true));
    }
    return options;
  }

  private static ConfigStoreOptions fileStore(String path, boolean optional) {
    return new ConfigStoreOptions().setType("file").setFormat("json").setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }

  /**
   * Loads the files once, applies environment and system-property overrides and completes what the
   * installed domains imply ({@link DomainConfig}).
   */
  public static Future<JsonObject> load(Vertx vertx, String confDir, String profile) {
    ConfigRetriever retriever = ConfigRetriever.create(vertx, retrieverOptions(confDir, profile, -1));
    return retriever.getConfig()
        .map(NodeConfig::applyOverrides)
        .map(DomainConfig::complete)
        // Again, for the keys the domains added (DEPLOY_<NAME> of a domain conf/ does not list); the rest is unchanged.
        .map(NodeConfig::applyOverrides)
        .eventually(() -> {
          retriever.close();
          return Future.succeededFuture();
        });
  }

  public static JsonObject applyOverrides(JsonObject config) {
    Map<String, String> env = System.getenv();
    return applyOverrides(config, key -> {
      String fromProperty = System.getProperty(key);
      return fromProperty != null ? fromProperty : env.get(envName(key));
    });
  }

  /** Applies overrides found by {@code lookup(dottedKey)} to every leaf of {@code config}, in place. */
  public static JsonObject applyOverrides(JsonObject config, Function<String, String> lookup) {
    override(config, "", lookup);
    return config;
  }

  private static void override(JsonObject node, String prefix, Function<String, String> lookup) {
    for (String field : node.fieldNames().toArray(String[]::new)) {
      String key = prefix.isEmpty() ? field : prefix + "." + field;
      Object current = node.getValue(field);
      if (current instanceof JsonObject child) {
        override(child, key, lookup);
        continue;
      }
      String raw = lookup.apply(key);
      if (raw != null) {
        node.put(field, convert(key, current, raw));
      }
    }
  }

  private static Object convert(String key, Object current, String raw) {
    try {
      if (current instanceof Integer) {
        return Integer.parseInt(raw.trim());
      }
      if (current instanceof Long) {
        return Long.parseLong(raw.trim());
      }
      if (current instanceof Double || current instanceof Float) {
        return Double.parseDouble(raw.trim());
      }
      if (current instanceof Boolean) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(v);
      }
      if (current instanceof JsonArray defaults) {
        boolean numbers = !defaults.isEmpty() && defaults.getValue(0) instanceof Number;
        JsonArray array = new JsonArray();
        for (String part : raw.split(",")) {
          if (!part.isBlank()) {
            array.add(numbers ? (Object) Long.parseLong(part.trim()) : part.trim());
          }
        }
        return array;
      }
      return raw;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("configuration override for '" + key + "' (" + envName(key)
          + ") is invalid: '" + raw + "': " + e.getMessage(), e);
    }
  }

  /** {@code rateLimits.groups.auth.perIp} becomes {@code RATE_LIMITS_GROUPS_AUTH_PER_IP}. */
  public static String envName(String dottedKey) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < dottedKey.length(); i++) {
      char c = dottedKey.charAt(i);
      if (c == '.' || c == '-') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }
}
