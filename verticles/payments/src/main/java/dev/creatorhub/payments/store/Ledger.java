package dev.creatorhub.payments.store;

import dev.creatorhub.shared.mongo.Mongo;
import dev.creatorhub.shared.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The journal ({@code journal} collection): immutable entries inserted once under their id. A
 * second post of the same id is a no-op, which is what makes every retry safe. Balances are always
 * derived from the entries.
 */
public final class Ledger {

  public static final String JOURNAL = "journal";

  private final io.vertx.core.Vertx vertx;
  private final MongoClient mongo;

  public Ledger(io.vertx.core.Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
  }

  /** Posts the entry (with its outbox events) once; true when this call posted it. */
  public Future<Boolean> post(JournalEntry entry, JsonObject... events) {
    JsonObject document = entry.toDocument();
    if (events.length > 0) {
      Outbox.attach(document, events);
    }
    return mongo.insert(JOURNAL, document)
        .map(id -> {
          if (events.length > 0) {
            Outbox.nudge(vertx, JOURNAL, entry.id());
          }
          return true;
        })
        .recover(err -> Mongo.isDuplicateKey(err) ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  /** Sum of postings per account, for the given accounts (missing accounts are 0). */
  public Future<Map<String, Long>> balances(Collection<String> accounts) {
    JsonArray pipeline = new JsonArray()
        .add(new JsonObject().put("$match", new JsonObject().put("postings.account", new JsonObject().put("$in", new JsonArray(accounts.stream().toList())))))
        .add(new JsonObject().put("$unwind", "$postings"))
        .add(new JsonObject().put("$match", new JsonObject().put("postings.account", new JsonObject().put("$in", new JsonArray(accounts.stream().toList())))))
        .add(new JsonObject().put("$group", new JsonObject().put("_id", "$postings.account")
            .put("total", new JsonObject().put("$sum", "$postings.amount"))));
    Map<String, Long> result = new HashMap<>();
    accounts.forEach(a -> result.put(a, 0L));
    return collect(pipeline).map(rows -> {
      rows.forEach(row -> result.put(row.getString("_id"), ((Number) row.getValue("total")).longValue()));
      return result;
    });
  }

  /** The entries of one type created between {@code from} and {@code to} (ISO instants, both included). */
  public Future<java.util.List<JsonObject>> entriesOfType(String type, String from, String to) {
    return mongo.find(JOURNAL, new JsonObject().put("type", type).put("createdAt", new JsonObject().put("$gte", from).put("$lte", to)));
  }

  /** The ids of every entry of one type. */
  public Future<java.util.Set<String>> idsOfType(String type) {
    return mongo.findWithOptions(JOURNAL, new JsonObject().put("type", type), new io.vertx.ext.mongo.FindOptions().setFields(new JsonObject().put("_id", 1)))
        .map(found -> found.stream().map(e -> e.getString("_id")).collect(java.util.stream.Collectors.toSet()));
  }

  /** What all accounts whose names end in {@code suffix} hold together. */
  public Future<Long> totalOfAccountsEndingIn(String suffix) {
    JsonArray held = new JsonArray()
        .add(new JsonObject().put("$unwind", "$postings"))
        .add(new JsonObject().put("$match", new JsonObject().put("postings.account", new JsonObject()
            .put("$regex", java.util.regex.Pattern.quote(suffix) + "$"))))
        .add(new JsonObject().put("$group", new JsonObject().putNull("_id").put("sum", new JsonObject().put("$sum", "$postings.amount"))));
    return collect(held).map(rows -> rows.isEmpty() ? 0L : ((Number) rows.get(0).getValue("sum")).longValue());
  }

  /** Every account's balance and every entry's sum, for reconciliation. */
  public Future<JsonObject> reconcile() {
    JsonArray perEntry = new JsonArray()
        .add(new JsonObject().put("$unwind", "$postings"))
        .add(new JsonObject().put("$group", new JsonObject().put("_id", "$_id")
            .put("total", new JsonObject().put("$sum", "$postings.amount"))))
        .add(new JsonObject().put("$match", new JsonObject().put("total", new JsonObject().put("$ne", 0))));
    JsonArray total = new JsonArray()
        .add(new JsonObject().put("$unwind", "$postings"))
        .add(new JsonObject().put("$group", new JsonObject().putNull("_id")
            .put("sum", new JsonObject().put("$sum", "$postings.amount")).put("postings", new JsonObject().put("$sum", 1))));
    return Future.all(collect(perEntry), collect(total), mongo.count(JOURNAL, new JsonObject())).map(all -> {
      java.util.List<JsonObject> unbalanced = all.resultAt(0);
      java.util.List<JsonObject> sums = all.resultAt(1);
      long sum = sums.isEmpty() ? 0 : ((Number) sums.get(0).getValue("sum")).longValue();
      return new JsonObject().put("entries", all.<Long>resultAt(2)).put("unbalancedEntries", unbalanced.size())
          .put("sumOfAllPostings", sum).put("balanced", unbalanced.isEmpty() && sum == 0);
    });
  }

  private Future<java.util.List<JsonObject>> collect(JsonArray pipeline) {
    return Mongo.aggregate(mongo, JOURNAL, pipeline);
  }
}
