package dev.creatorhub.payments.http;

import dev.creatorhub.payments.PaymentsAddresses;
import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.shared.web.Requests;
import dev.creatorhub.shared.web.Responses;
import dev.creatorhub.shared.web.Routes;
import dev.creatorhub.shared.paging.Paging;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The money part of the REST API. Money-moving POSTs pass their {@code Idempotency-Key} on. */
public class PaymentsEndpoint implements Endpoint {

  /** Money calls may wait on the card provider (several Stripe round trips), so they get longer than the bus default. */
  static final long PROVIDER_TIMEOUT_MS = 20_000;

  @Override
  public void addRoutes(Router api, Routes routes) {
    api.post("/tips").handler(routes.authenticated()).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 201, routes.request(ctx, PaymentsAddresses.TIP, moneyRequest(ctx, null), PROVIDER_TIMEOUT_MS)));
    api.post("/posts/:id/purchase").handler(routes.authenticated()).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 201, routes.request(ctx, PaymentsAddresses.PURCHASE_POST,
            moneyRequest(ctx, ctx.pathParam("id")), PROVIDER_TIMEOUT_MS)));
    api.post("/streams/:id/tickets").handler(routes.authenticated()).handler(routes.jsonBody())
        .handler(ctx -> Responses.reply(ctx, 201, routes.request(ctx, PaymentsAddresses.PURCHASE_TICKET,
            moneyRequest(ctx, ctx.pathParam("id")), PROVIDER_TIMEOUT_MS)));
    api.get("/payments").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.HISTORY, Paging.query(ctx))));
    api.get("/payments/cards").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.CARDS_LIST, new JsonObject())));
    api.post("/payments/cards/:id/default").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.CARDS_DEFAULT,
            new JsonObject().put("cardId", ctx.pathParam("id")))));
    api.delete("/payments/cards/:id").handler(routes.authenticated())
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.CARDS_REMOVE,
            new JsonObject().put("cardId", ctx.pathParam("id")), PROVIDER_TIMEOUT_MS)));
    api.get("/payments/config").handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.CLIENT_CONFIG, new JsonObject())));
    api.post("/creators/me/payout-account").handler(routes.role("CREATOR")).handler(optionalJson(routes))
        .handler(ctx -> Responses.reply(ctx, 201, routes.request(ctx, PaymentsAddresses.PAYOUT_ACCOUNT_OPEN,
            new JsonObject().put("body", optionalBody(ctx)), PROVIDER_TIMEOUT_MS)));
    api.get("/payouts").handler(routes.role("CREATOR"))
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.PAYOUTS_LIST, new JsonObject())));
    api.get("/creators/me/payout-account").handler(routes.role("CREATOR"))
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.PAYOUT_ACCOUNT_GET, new JsonObject())));
    api.get("/earnings").handler(routes.role("CREATOR"))
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.EARNINGS, new JsonObject())));
    api.post("/payouts").handler(routes.role("CREATOR")).handler(optionalJson(routes))
        .handler(ctx -> Responses.reply(ctx, 201, routes.request(ctx, PaymentsAddresses.PAYOUT, new JsonObject()
            .put("body", optionalBody(ctx)).put("idempotencyKey", ctx.request().getHeader("Idempotency-Key")), PROVIDER_TIMEOUT_MS)));
    api.post("/admin/payments/:id/refund").handler(routes.role("ADMIN"))
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.REFUND,
            new JsonObject().put("paymentId", ctx.pathParam("id")), PROVIDER_TIMEOUT_MS)));
    // No user: the signature is the authentication. The raw body is verified, so it is passed on as received.
    api.post("/webhooks/stripe").handler(routes.body(256 * 1024)).handler(ctx -> Responses.reply(ctx, 200,
        routes.request(ctx, PaymentsAddresses.WEBHOOK, new JsonObject()
            .put("payload", ctx.body().buffer() == null ? null : ctx.body().buffer().toString())
            .put("signature", ctx.request().getHeader("Stripe-Signature")))));
    api.get("/admin/ledger/reconciliation").handler(routes.role("ADMIN"))
        .handler(ctx -> Responses.reply(ctx, 200, routes.request(ctx, PaymentsAddresses.RECONCILE, new JsonObject())));
  }

  /** A JSON body when one is sent; none is fine. */
  private static io.vertx.core.Handler<RoutingContext> optionalJson(Routes routes) {
    return ctx -> {
      if (ctx.request().getHeader("Content-Type") == null) {
        ctx.request().resume();
        ctx.next();
      } else {
        routes.jsonBody().handle(ctx);
      }
    };
  }

  private static JsonObject optionalBody(RoutingContext ctx) {
    return ctx.body().isEmpty() ? new JsonObject() : Requests.jsonObject(ctx);
  }

  private static JsonObject moneyRequest(RoutingContext ctx, String target) {
    JsonObject request = new JsonObject().put("body", Requests.jsonObject(ctx))
        .put("idempotencyKey", ctx.request().getHeader("Idempotency-Key"));
    return target == null ? request : request.put("target", target);
  }
}
