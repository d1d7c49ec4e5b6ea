package dev.creatorhub.payments;

import dev.creatorhub.payments.bus.PaymentsVerticle;
import dev.creatorhub.payments.http.PaymentsEndpoint;
import dev.creatorhub.payments.service.PaymentsSchemas;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.validation.BodySchema;
import dev.creatorhub.shared.web.Endpoint;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** The payments domain's plug-in (money: charges, the ledger, payouts, entitlements). */
public final class PaymentsPlugin implements Domain {

  @Override
  public String name() {
    return PaymentsAddresses.SERVICE;
  }

  @Override
  public Deployable verticle() {
    return new PaymentsVerticle();
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(new PaymentsEndpoint());
  }

  @Override
  public Map<String, BodySchema> requestSchemas(JsonObject config) {
    return PaymentsSchemas.byOperation();
  }

  @Override
  public List<String> outboxCollections() {
    return List.of("journal");
  }
}
