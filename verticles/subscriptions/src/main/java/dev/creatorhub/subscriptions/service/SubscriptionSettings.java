package dev.creatorhub.subscriptions.service;

import dev.creatorhub.shared.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code subscriptions} section, checked at start.
 *
 * @param monthMs a billing month (shortened in tests)
 * @param dayMs a trial day
 * @param retryMs the waits before each retry of a declined renewal; past the last one it expires
 * @param schedulerPeriodMs how often the renewal sweep runs
 * @param incompleteAfterMs how old an unfinished attempt must be before a sweep finishes it
 */
public record SubscriptionSettings(long monthMs, long dayMs, List<Long> retryMs, long schedulerPeriodMs, long incompleteAfterMs) {

  public static SubscriptionSettings from(JsonObject config) {
    Settings s = Settings.of(config, "subscriptions");
    return new SubscriptionSettings(s.requirePositive("monthSeconds") * 1000, s.requirePositive("daySeconds") * 1000,
        s.requireLongs("retrySeconds").stream().map(seconds -> seconds * 1000).toList(),
        s.requirePositive("schedulerPeriodMs"), s.requirePositive("incompleteAfterMs"));
  }
}
