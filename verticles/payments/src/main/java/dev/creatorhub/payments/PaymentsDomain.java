package dev.creatorhub.payments;

import dev.creatorhub.payments.bus.PaymentsVerticle;
import dev.creatorhub.payments.http.PaymentsEndpoint;
import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.web.Endpoint;
import io.vertx.core.Deployable;

import java.util.List;

/** The payments domain's plug-in (money: charges, the ledger, payouts, entitlements). */
public final class PaymentsDomain implements Domain {

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
  public List<String> outboxCollections() {
    return List.of("journal");
  }
}
