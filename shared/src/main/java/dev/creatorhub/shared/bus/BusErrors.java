package dev.creatorhub.shared.bus;

import dev.creatorhub.shared.error.ApiException;
import dev.creatorhub.shared.error.Problems;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping between failures and event-bus replies. A domain fails a request with the HTTP
 * status it means ({@code 404}, {@code 409}, ...); the gateway turns the reply back into a problem.
 */
public final class BusErrors {

  private static final Logger LOG = LoggerFactory.getLogger(BusErrors.class);

  private BusErrors() {
  }

  /** Replies a failure: client errors keep their detail; anything unexpected becomes a bare 500. */
  public static void reply(Message<?> message, Throwable failure) {
    if (failure instanceof ApiException api) {
      JsonObject body = new JsonObject().put("title", api.title()).put("detail", api.getMessage());
      if (api.extensions() != null) {
        body.mergeIn(api.extensions());
      }
      message.fail(api.status(), body.encode());
    } else if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      message.fail(reply.failureCode(), reply.getMessage());
    } else if (failure instanceof ReplyException || unreachable(failure)) {
      // A service or store this domain depends on did not answer (or could not be reached).
      LOG.warn("request on {} failed: a dependency is unavailable: {}", message.address(), failure.toString());
      message.fail(503, "A service this request needs is not available right now; try again.");
    } else {
      LOG.error("request on {} failed", message.address(), failure);
      message.fail(500, "internal error");
    }
  }

  /**
   * A deadline passed or a connection failed, here or in a cause (the Mongo driver's own timeouts and
   * socket errors included): the dependency is away, not our bug.
   */
  public static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.io.IOException
          || t instanceof com.mongodb.MongoTimeoutException || t instanceof com.mongodb.MongoSocketException) {
        return true;
      }
    }
    return false;
  }

  /** Turns an event-bus failure into the exception the HTTP layer renders. */
  public static ApiException toApiException(Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (!(failure instanceof ReplyException reply)) {
      return null;
    }
    return switch (reply.failureType()) {
      case TIMEOUT -> new ApiException(503, "A service did not answer in time; try again.");
      case NO_HANDLERS -> new ApiException(503, "The service is not available right now; try again.");
      case ERROR -> new ApiException(503, "The service is not available right now; try again.");
      case RECIPIENT_FAILURE -> recipientFailure(reply.failureCode(), reply.getMessage());
    };
  }

  private static ApiException recipientFailure(int code, String message) {
    if (code < 400 || code > 599) {
      return new ApiException(500, null);
    }
    if (code >= 500) {
      // Never pass a domain's internal message on to a client.
      return new ApiException(code, null);
    }
    if (message != null && message.startsWith("{")) {
      try {
        JsonObject body = new JsonObject(message);
        String title = (String) body.remove("title");
        String detail = (String) body.remove("detail");
        return new ApiException(code, title != null ? title : Problems.titleFor(code), detail,
            body.isEmpty() ? null : body);
      } catch (DecodeException | ClassCastException ignored) {
        // fall through: a plain message
      }
    }
    return new ApiException(code, message);
  }
}
