package dev.creatorhub.node;

import dev.creatorhub.shared.config.NodeConfig;
import dev.creatorhub.devstack.DevStack;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration reference names every key of conf/default.json and its variable. */
class ConfigDocsTest {

  @Test
  void everyConfigKeyIsDocumented() throws Exception {
    JsonObject defaults = new JsonObject(Files.readString(DevStack.locate("conf/default.json")));
    String readme = Files.readString(DevStack.locate("README.md"));
    List<String> keys = new ArrayList<>();
    collect(defaults, "", keys);
    assertThat(keys).hasSizeGreaterThan(40);
    for (String key : keys) {
      if (key.startsWith("rateLimits.groups.")) {
        // Documented once per field with the group as <g>.
        String field = key.substring(key.lastIndexOf('.') + 1);
        assertThat(readme).as(key).contains("`rateLimits.groups.<g>." + field + "`");
        continue;
      }
      assertThat(readme).as(key).contains("`" + key + "`").contains("`" + NodeConfig.envName(key) + "`");
    }
  }

  private static void collect(JsonObject node, String prefix, List<String> keys) {
    for (String field : node.fieldNames()) {
      String key = prefix.isEmpty() ? field : prefix + "." + field;
      if (node.getValue(field) instanceof JsonObject child) {
        collect(child, key, keys);
      } else {
        keys.add(key);
      }
    }
  }
}
