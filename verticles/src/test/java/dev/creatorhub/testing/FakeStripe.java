package dev.creatorhub.testing;

import dev.creatorhub.shared.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that answers like the Stripe API for the calls our {@code stripe} provider
 * makes, in test mode: Stripe's test payment-method ids decline or succeed as Stripe documents,
 * idempotency keys replay the first answer (and refuse a different request under the same key),
 * and every request is recorded for assertions. Handlers run on one event loop, one at a time.
 */
public final class FakeStripe {

  public record Call(String method, String path, String idempotencyKey, Map<String, String> params) {
  }

  private record Stored(String fingerprint, int status, String body) {
  }

  public static final String SECRET_KEY = "sk_test_fake_0123456789";
  private static final Map<String, String[]> DECLINES = Map.of(
      "pm_card_chargeDeclined", new String[] {"card_declined", "generic_decline", "Your card was declined."},
      "pm_card_insufficientFunds", new String[] {"card_declined", "insufficient_funds", "Your card has insufficient funds."},
      "pm_card_chargeCustomerFail", new String[] {"card_declined", "generic_decline", "Your card was declined."});
  private static final List<String> SUCCEEDS = List.of("pm_card_visa", "pm_card_mastercard", "pm_card_chargeDisputed");

  private final Vertx vertx;
  private final HttpServer server;
  public final List<Call> calls = new CopyOnWriteArrayList<>();
  public final Map<String, JsonObject> objects = new ConcurrentHashMap<>();
  private final Map<String, Stored> idempotent = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  /** While above zero, confirmations are carried out but answered 503, as if the answer were lost. */
  public final AtomicInteger lostConfirmAnswers = new AtomicInteger();
  /** While above zero, transfers are carried out but answered 503 (replays of a stored answer too). */
  public final AtomicInteger lostTransferAnswers = new AtomicInteger();
  /** While above zero, a new transfer is refused for good (400), as Stripe refuses one to a closed account. */
  public final AtomicInteger refusedTransfers = new AtomicInteger();
  /** While above zero, a transfer's answer comes this late (the transfer itself is made at once). */
  public final AtomicInteger lateTransferAnswers = new AtomicInteger();
  public volatile long lateAnswerMs = 6000;

  public FakeStripe() {
    vertx = Vertx.vertx();
    server = Await.result(vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1"));
  }

  public String apiBase() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public void close() {
    Await.result(vertx.close());
  }

  public List<Call> calls(String method, String pathPrefix) {
    return calls.stream().filter(c -> c.method().equals(method) && c.path().startsWith(pathPrefix)).toList();
  }

  /** A dispute the card's bank opened on a payment intent (what Stripe would then send as charge.dispute.created). */
  public JsonObject dispute(String paymentIntent, long amount) {
    return store(new JsonObject().put("id", id("dp")).put("object", "dispute").put("charge", id("ch")).put("payment_intent", paymentIntent)
        .put("amount", amount).put("reason", "fraudulent").put("status", "needs_response"));
  }

  public List<JsonObject> objects(String type) {
    return objects.values().stream().filter(o -> type.equals(o.getString("object"))).toList();
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(buffer -> {
      Map<String, String> params = form(request.method().name().equals("GET") ? request.query() : buffer.toString());
      String key = request.getHeader("Idempotency-Key");
      String path = request.path();
      calls.add(new Call(request.method().name(), path, key, params));
      if (!("Bearer " + SECRET_KEY).equals(request.getHeader("Authorization"))) {
        answer(request, 401, error("invalid_request_error", null, null, "Invalid API Key provided."));
        return;
      }
      String fingerprint = request.method() + " " + path + " " + params;
      Stored stored = key == null ? null : idempotent.get(key);
      if (stored != null) {
        if (!stored.fingerprint().equals(fingerprint)) {
          answer(request, 400, error("idempotency_error", null, null,
              "Keys for idempotent requests can only be used with the same parameters they were first used with."));
          return;
        }
        finish(request, path, stored.status(), stored.body());
        return;
      }
      int[] status = {200};
      String body;
      try {
        body = route(request.method().name(), path, params, status).encode();
      } catch (NoSuchElementException missing) {
        status[0] = 404;
        body = error("invalid_request_error", "resource_missing", null, "No such object: " + missing.getMessage()).encode();
      }
      if (key != null && request.method().name().equals("POST")) {
        idempotent.put(key, new Stored(fingerprint, status[0], body));
      }
      finish(request, path, status[0], body);
    });
  }

  private void finish(HttpServerRequest request, String path, int status, String body) {
    if (path.endsWith("/confirm") && lostConfirmAnswers.get() > 0) {
      lostConfirmAnswers.decrementAndGet();
      answer(request, 503, error("api_error", null, null, "The answer was lost."));
      return;
    }
    if (path.equals("/v1/transfers") && lostTransferAnswers.get() > 0) {
      lostTransferAnswers.decrementAndGet();
      answer(request, 503, error("api_error", null, null, "The answer was lost."));
      return;
    }
    if (path.equals("/v1/transfers") && lateTransferAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      vertx.setTimer(lateAnswerMs, t -> finish(request, "/v1/transfers:late", status, body));
      return;
    }
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Request-Id", "req_" + ids.incrementAndGet()).end(body);
  }

  private static void answer(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private JsonObject route(String method, String path, Map<String, String> p, int[] status) {
    String[] parts = path.split("/");
    if (method.equals("POST") && path.equals("/v1/customers")) {
      return store(new JsonObject().put("id", id("cus")).put("object", "customer").put("metadata", metadata(p)));
    }
    if (method.equals("POST") && path.equals("/v1/payment_intents")) {
      return store(new JsonObject().put("id", id("pi")).put("object", "payment_intent").put("amount", Long.parseLong(p.get("amount")))
          .put("currency", p.get("currency")).put("customer", p.get("customer")).put("payment_method", p.get("payment_method"))
          .put("setup_future_usage", p.get("setup_future_usage")).put("status", "requires_confirmation").put("metadata", metadata(p)));
    }
    if (parts.length == 4 && method.equals("GET") && parts[2].equals("payment_intents")) {
      return find(parts[3]);
    }
    if (parts.length == 5 && method.equals("POST") && parts[2].equals("payment_intents") && parts[4].equals("confirm")) {
      JsonObject intent = find(parts[3]);
      String pm = intent.getString("payment_method");
      intent.put("off_session", "true".equals(p.get("off_session")));
      if (DECLINES.containsKey(pm)) {
        String[] decline = DECLINES.get(pm);
        intent.put("status", "requires_payment_method").put("last_payment_error", new JsonObject().put("type", "card_error")
            .put("code", decline[0]).put("decline_code", decline[1]).put("message", decline[2]));
        status[0] = 402;
        JsonObject declined = error("card_error", decline[0], decline[1], decline[2]);
        declined.getJsonObject("error").put("payment_intent", intent.copy());
        return declined;
      }
      if ("pm_card_authenticationRequired".equals(pm)) {
        return intent.put("status", "requires_action");
      }
      if (!SUCCEEDS.contains(pm)) {
        status[0] = 400;
        return error("invalid_request_error", "resource_missing", null, "No such PaymentMethod: '" + pm + "'");
      }
      String charge = id("ch");
      objects.put(charge, new JsonObject().put("id", charge).put("object", "charge").put("payment_intent", intent.getString("id"))
          .put("amount", intent.getLong("amount")));
      return intent.put("status", "succeeded").put("latest_charge", charge);
    }
    if (parts.length == 5 && method.equals("POST") && parts[2].equals("payment_intents") && parts[4].equals("cancel")) {
      JsonObject intent = find(parts[3]);
      if ("succeeded".equals(intent.getString("status"))) {
        status[0] = 400;
        return error("invalid_request_error", "payment_intent_unexpected_state", null, "This PaymentIntent has already succeeded.");
      }
      return intent.put("status", "canceled");
    }
    if (method.equals("POST") && path.equals("/v1/setup_intents")) {
      String pm = p.get("payment_method");
      JsonObject setup = new JsonObject().put("id", id("seti")).put("object", "setup_intent").put("customer", p.get("customer"))
          .put("payment_method", pm).put("usage", p.get("usage")).put("metadata", metadata(p));
      // Stripe refuses to attach a declining card; pm_card_chargeCustomerFail attaches and fails later.
      if (DECLINES.containsKey(pm) && !pm.equals("pm_card_chargeCustomerFail")) {
        String[] decline = DECLINES.get(pm);
        status[0] = 402;
        return error("card_error", decline[0], decline[1], decline[2]);
      }
      return store(setup.put("status", "succeeded"));
    }
    if (method.equals("POST") && path.equals("/v1/refunds")) {
      JsonObject intent = find(p.get("payment_intent"));
      long amount = Long.parseLong(p.getOrDefault("amount", String.valueOf(intent.getLong("amount"))));
      if (!"succeeded".equals(intent.getString("status")) || amount > intent.getLong("amount") - intent.getLong("amount_refunded", 0L)) {
        status[0] = 400;
        return error("invalid_request_error", "charge_already_refunded", null, "Charge has already been refunded.");
      }
      intent.put("amount_refunded", intent.getLong("amount_refunded", 0L) + amount);
      return store(new JsonObject().put("id", id("re")).put("object", "refund").put("amount", amount)
          .put("payment_intent", intent.getString("id")).put("status", "succeeded"));
    }
    if (parts.length >= 4 && parts[2].equals("payment_methods")) {
      Map<String, String[]> cards = Map.of("pm_card_visa", new String[] {"visa", "4242"}, "pm_card_mastercard", new String[] {"mastercard", "4444"},
          "pm_card_chargeDeclined", new String[] {"visa", "0002"}, "pm_card_insufficientFunds", new String[] {"visa", "9995"},
          "pm_card_chargeDisputed", new String[] {"visa", "0259"}, "pm_card_chargeCustomerFail", new String[] {"visa", "0341"});
      String[] card = cards.get(parts[3]);
      if (card == null) {
        throw new NoSuchElementException(parts[3]);
      }
      return new JsonObject().put("id", parts[3]).put("object", "payment_method").put("type", "card")
          .put("card", new JsonObject().put("brand", card[0]).put("last4", card[1]).put("exp_month", 12).put("exp_year", 2034));
    }
    if (method.equals("GET") && path.equals("/v1/refunds")) {
      io.vertx.core.json.JsonArray data = new io.vertx.core.json.JsonArray();
      objects("refund").stream().filter(r -> r.getString("payment_intent").equals(p.get("payment_intent"))).forEach(data::add);
      return new JsonObject().put("object", "list").put("url", "/v1/refunds").put("has_more", false).put("data", data);
    }
    if (parts.length == 4 && method.equals("GET") && parts[2].equals("disputes")) {
      return find(parts[3]);
    }
    if (method.equals("POST") && path.equals("/v1/accounts")) {
      return store(new JsonObject().put("id", id("acct")).put("object", "account").put("type", p.get("type"))
          .put("email", p.get("email")).put("payouts_enabled", false).put("charges_enabled", false).put("metadata", metadata(p)));
    }
    if (parts.length == 4 && method.equals("GET") && parts[2].equals("accounts")) {
      return find(parts[3]);
    }
    if (method.equals("POST") && path.equals("/v1/account_links")) {
      find(p.get("account"));
      return new JsonObject().put("object", "account_link").put("url", "https://connect.stripe.com/setup/e/" + p.get("account") + "/" + id("link"))
          .put("created", System.currentTimeMillis() / 1000).put("expires_at", System.currentTimeMillis() / 1000 + 300);
    }
    if (method.equals("POST") && path.equals("/v1/transfers")) {
      JsonObject account = find(p.get("destination"));
      if (refusedTransfers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        status[0] = 400;
        return error("invalid_request_error", "account_closed", null, "The destination account is closed.");
      }
      if (!account.getBoolean("payouts_enabled")) {
        status[0] = 400;
        return error("invalid_request_error", null, null, "Your destination account needs to have at least one of the following capabilities enabled: transfers");
      }
      return store(new JsonObject().put("id", id("tr")).put("object", "transfer").put("amount", Long.parseLong(p.get("amount")))
          .put("currency", p.get("currency")).put("destination", p.get("destination")).put("metadata", metadata(p)));
    }
    status[0] = 404;
    return error("invalid_request_error", null, null, "Unrecognized request URL (" + method + ": " + path + ").");
  }

  private JsonObject store(JsonObject object) {
    objects.put(object.getString("id"), object);
    return object;
  }

  private JsonObject find(String id) {
    JsonObject found = id == null ? null : objects.get(id);
    if (found == null) {
      throw new NoSuchElementException(String.valueOf(id));
    }
    return found;
  }

  private String id(String prefix) {
    return prefix + "_fake" + ids.incrementAndGet();
  }

  private static JsonObject metadata(Map<String, String> params) {
    JsonObject metadata = new JsonObject();
    params.forEach((k, v) -> {
      if (k.startsWith("metadata[")) {
        metadata.put(k.substring(9, k.length() - 1), v);
      }
    });
    return metadata;
  }

  private static JsonObject error(String type, String code, String declineCode, String message) {
    JsonObject error = new JsonObject().put("type", type).put("message", message);
    if (code != null) {
      error.put("code", code);
    }
    if (declineCode != null) {
      error.put("decline_code", declineCode);
    }
    return new JsonObject().put("error", error);
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> params = new TreeMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      params.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static final class NoSuchElementException extends RuntimeException {
    NoSuchElementException(String id) {
      super(id);
    }
  }
}
