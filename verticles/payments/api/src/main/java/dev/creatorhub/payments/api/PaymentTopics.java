package dev.creatorhub.payments.api;

/** The Kafka topics the payments domain publishes that other domains consume. */
public final class PaymentTopics {

  /** A payment was refunded; the payload names the payment ({@code paymentId, type, refs}). */
  public static final String PAYMENT_REFUNDED = "payment.refunded";

  private PaymentTopics() {
  }
}
