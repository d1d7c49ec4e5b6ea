package dev.creatorhub.testing;

import dev.creatorhub.shared.bus.BusErrors;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in domain for platform tests: echoes requests with the headers it received (to prove
 * which identity reached it and on which node), fails on demand, and authorizes test rooms.
 */
public class TestDomainVerticle extends VerticleBase {

  public static final String SERVICE = "testsvc";
  public static final String ECHO = "test.echo";
  public static final String FAIL = "test.fail";
  public static final String SECRET = "test.secret";
  public static final String ROOM_AUTHORIZE = "test.room.authorize";

  @Override
  public Future<?> start() {
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    var bus = vertx.eventBus();
    return Future.all(
        bus.consumer(ECHO, msg -> {
          Map<String, String> headers = new HashMap<>();
          msg.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
          msg.reply(new JsonObject().put("body", msg.body()).put("headers", new JsonObject(new HashMap<>(headers)))
              .put("node", nodeId));
        }).completion(),
        bus.<JsonObject>consumer(FAIL, msg -> BusErrors.reply(msg, msg.body().getInteger("status") == 0
            ? new IllegalStateException("database password is hunter2")
            : new ApiException(msg.body().getInteger("status"), "failed on purpose"))).completion(),
        bus.consumer(SECRET, msg -> msg.reply(new JsonObject().put("secret", true))).completion(),
        // A room test.room.<userId> is open to that user only; test.room.public and test.room.open-* to everyone;
        // test.room.silent-* gets no answer (an authorizer on a node that just died).
        bus.<JsonObject>consumer(ROOM_AUTHORIZE, msg -> {
          String room = msg.body().getString("address").substring("test.room.".length());
          if (room.startsWith("silent-")) {
            return;
          }
          msg.reply(new JsonObject().put("allowed", room.equals("public") || room.startsWith("open-")
              || room.equals(msg.body().getString("userId"))));
        }).completion(),
        ServicePing.register(vertx, SERVICE, nodeId));
  }
}
