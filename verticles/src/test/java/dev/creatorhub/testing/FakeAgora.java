package dev.creatorhub.testing;

import dev.creatorhub.shared.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server answering like Agora's REST API for cloud recording (acquire, start, stop) and
 * kicking rules, checking HTTP Basic credentials; every call is recorded.
 */
public final class FakeAgora {

  public record Call(String path, String authorization, JsonObject body) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  public final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  public FakeAgora() {
    server = Await.result(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(buffer -> {
      JsonObject body = buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
      calls.add(new Call(request.path(), request.getHeader("Authorization"), body));
      JsonObject answer;
      if (request.path().endsWith("/acquire")) {
        answer = new JsonObject().put("resourceId", "res-" + ids.incrementAndGet());
      } else if (request.path().endsWith("/start")) {
        answer = new JsonObject().put("resourceId", request.path().split("/")[6]).put("sid", "sid-" + ids.incrementAndGet());
      } else if (request.path().endsWith("/stop")) {
        answer = new JsonObject().put("resourceId", request.path().split("/")[6]).put("sid", request.path().split("/")[8])
            .put("serverResponse", new JsonObject().put("fileList", "streams/recording.m3u8").put("uploadingStatus", "uploaded"));
      } else if (request.path().equals("/dev/v1/kicking-rule")) {
        answer = new JsonObject().put("status", "success").put("id", ids.incrementAndGet());
      } else {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response().putHeader("Content-Type", "application/json").end(answer.encode());
    })).listen(0, "127.0.0.1"));
  }

  public String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<Call> calls(String pathSuffix) {
    return calls.stream().filter(c -> c.path().endsWith(pathSuffix)).toList();
  }

  public void close() {
    Await.result(vertx.close());
  }
}
