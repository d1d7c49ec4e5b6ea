package dev.creatorhub.live.api;

import dev.creatorhub.shared.bus.LocalFirst;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** How other domains ask the live domain: what a stream sells. */
public final class LiveClient {

  /** Request {@code {streamId}}; replies {@code {creatorId, access, ticketPrice?}} ({@code access} CLOSED once it ended), or 404. */
  public static final String STREAM_OFFER = "live.stream.offer";
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(3000);

  /** A stream's creator and what it sells: {@code ticketPrice} when {@code access} is TICKET. */
  public record StreamOffer(String creatorId, String access, JsonObject ticketPrice) {
  }

  private final Vertx vertx;

  public LiveClient(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The offer of a stream; a missing one is a 404 {@code ApiException}. */
  public Future<StreamOffer> streamOffer(String streamId) {
    return LocalFirst.ask(vertx, STREAM_OFFER, new JsonObject().put("streamId", streamId), OPTIONS)
        .map(r -> new StreamOffer(r.getString("creatorId"), r.getString("access"), r.getJsonObject("ticketPrice")));
  }
}
