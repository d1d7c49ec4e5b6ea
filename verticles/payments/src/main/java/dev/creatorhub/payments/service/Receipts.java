package dev.creatorhub.payments.service;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/** What a fan sees of a payment, and what the money events carry. */
final class Receipts {

  private final String currency;

  Receipts(String currency) {
    this.currency = currency;
  }

  JsonObject receipt(JsonObject payment) {
    JsonObject receipt = new JsonObject()
        .put("id", payment.getString("_id"))
        .put("type", payment.getString("type"))
        .put("status", payment.getString("status"))
        .put("amount", money(payment.getLong("amount")))
        .put("creatorId", payment.getString("creatorId"))
        .put("createdAt", payment.getString("createdAt"))
        .put("refs", payment.getJsonObject("refs", new JsonObject()));
    if (payment.getString("succeededAt") != null) {
      receipt.put("receipt", new JsonObject().put("number", "R-" + payment.getString("_id").substring(0, 8).toUpperCase(Locale.ROOT))
          .put("paidAt", payment.getString("succeededAt")).put("paymentMethod", payment.getString("paymentMethod"))
          .put("charge", payment.getString("chargeId")));
    }
    if (payment.getString("refundedAt") != null) {
      receipt.put("refundedAt", payment.getString("refundedAt"));
    }
    return receipt;
  }

  static JsonObject summary(JsonObject payment) {
    return new JsonObject().put("paymentId", payment.getString("_id")).put("type", payment.getString("type"))
        .put("userId", payment.getString("userId")).put("creatorId", payment.getString("creatorId"))
        .put("amount", payment.getLong("amount")).put("fee", payment.getLong("fee")).put("net", payment.getLong("net"))
        .put("currency", payment.getString("currency")).put("refs", payment.getJsonObject("refs"));
  }

  JsonObject money(long amount) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }
}
