package dev.creatorhub.devstack;

import dev.creatorhub.shared.config.EmbeddedStack;
import io.vertx.core.json.JsonObject;

/** Registers {@link DevStack} as the node's embedded stack wherever this module is on the classpath. */
public final class DevStackProvider implements EmbeddedStack.Provider {

  @Override
  public EmbeddedStack start(JsonObject config, boolean persistent) throws Exception {
    return DevStack.start(config, persistent);
  }
}
