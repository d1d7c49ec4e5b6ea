package dev.creatorhub.payments.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One money movement: postings that sum to zero, under a deterministic id (its idempotency key:
 * {@code payment:<id>}, {@code release:<id>}, {@code refund:<id>}, {@code payout:<id>}). Built
 * only through {@link #builder}, which refuses an unbalanced entry.
 */
public final class JournalEntry {

  public record Posting(String account, long amount) {
  }

  private final String id;
  private final String type;
  private final String currency;
  private final List<Posting> postings;
  private final JsonObject refs;

  private JournalEntry(String id, String type, String currency, List<Posting> postings, JsonObject refs) {
    this.id = id;
    this.type = type;
    this.currency = currency;
    this.postings = List.copyOf(postings);
    this.refs = refs;
  }

  public static Builder builder(String id, String type, String currency) {
    return new Builder(id, type, currency);
  }

  public String id() {
    return id;
  }

  public List<Posting> postings() {
    return postings;
  }

  public JsonObject toDocument() {
    JsonArray lines = new JsonArray();
    postings.forEach(p -> lines.add(new JsonObject().put("account", p.account()).put("amount", p.amount())));
    return new JsonObject().put("_id", id).put("type", type).put("currency", currency).put("postings", lines)
        .put("refs", refs).put("createdAt", Instant.now().toString());
  }

  public static final class Builder {
    private final String id;
    private final String type;
    private final String currency;
    private final List<Posting> postings = new ArrayList<>();
    private final JsonObject refs = new JsonObject();

    private Builder(String id, String type, String currency) {
      this.id = id;
      this.type = type;
      this.currency = currency;
    }

    public Builder post(String account, long amount) {
      if (amount != 0) {
        postings.add(new Posting(account, amount));
      }
      return this;
    }

    public Builder ref(String key, String value) {
      refs.put(key, value);
      return this;
    }

    public JournalEntry build() {
      long sum = 0;
      for (Posting p : postings) {
        sum = Math.addExact(sum, p.amount());
      }
      if (sum != 0) {
        throw new IllegalStateException("unbalanced journal entry " + id + ": postings sum to " + sum);
      }
      if (postings.isEmpty()) {
        throw new IllegalStateException("empty journal entry " + id);
      }
      return new JournalEntry(id, type, currency, postings, refs);
    }
  }
}
