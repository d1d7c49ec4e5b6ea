package dev.creatorhub.content.service;

import dev.creatorhub.shared.config.Settings;
import dev.creatorhub.shared.money.Money;
import io.vertx.core.json.JsonObject;

/** The {@code content} section (and the platform currency), checked at start. */
public record ContentSettings(int maxTextLength, int maxMediaPerPost, int maxPreviewLength, long viewPeriodSeconds,
                              long minPrice, long maxPrice, int defaultPageSize, int maxPageSize, int searchLimit,
                              long timelineRefreshMs, String currency) {

  public static ContentSettings from(JsonObject config) {
    Settings s = Settings.of(config, "content");
    Settings price = s.section("price");
    return new ContentSettings(s.requireInt("maxTextLength"), s.requireInt("maxMediaPerPost"), s.requireInt("maxPreviewLength"),
        s.requirePositive("viewPeriodSeconds"), price.requireLong("minAmount"), price.requireLong("maxAmount"),
        s.requireInt("defaultPageSize"), s.requireInt("maxPageSize"), s.requireInt("searchLimit"), s.requirePositive("timelineRefreshMs"),
        Money.platformCurrency(config));
  }
}
