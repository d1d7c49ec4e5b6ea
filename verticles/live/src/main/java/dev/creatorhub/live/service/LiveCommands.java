package dev.creatorhub.live.service;

import dev.creatorhub.shared.validation.BodySchema;
import io.vertx.core.json.JsonObject;

/**
 * The bodies of the room commands browsers send over the bridge, validated like REST bodies (a body
 * that is not an object, a field of the wrong type or out of range is a 400 before anything runs):
 * the bridge checks them before a command crosses the bus ({@code LiveBridgeRules}), the services again.
 */
public final class LiveCommands {

  private static final String STREAM = """
      "streamId": {"type": "string", "minLength": 1, "maxLength": 64}""";
  private static final String USER = """
      "userId": {"type": "string", "pattern": "^[0-9a-f-]{36}$"}""";

  public static final BodySchema CHAT = schema("""
      {"type": "object", "additionalProperties": false, "required": ["streamId", "text"],
       "properties": {%s, "text": {"type": "string", "maxLength": 10000}}}""".formatted(STREAM));

  /** {@code amount} is money ({@code {amount, currency}}) or an integer in the platform's currency; payments validates it. */
  public static final BodySchema TIP = schema("""
      {"type": "object", "additionalProperties": false, "required": ["streamId", "amount", "idempotencyKey"],
       "properties": {%s,
         "amount": {"type": ["integer", "object"], "minimum": 1, "maximum": 1000000000},
         "message": {"type": "string", "maxLength": 200},
         "idempotencyKey": {"type": "string", "minLength": 1, "maxLength": 100},
         "paymentMethod": {"type": "string", "minLength": 1, "maxLength": 100}}}""".formatted(STREAM));

  public static final BodySchema DELETE = schema("""
      {"type": "object", "additionalProperties": false, "required": ["streamId", "seq"],
       "properties": {%s, "seq": {"type": "integer", "minimum": 1, "maximum": 9007199254740991}}}""".formatted(STREAM));

  public static final BodySchema MUTE = schema("""
      {"type": "object", "additionalProperties": false, "required": ["streamId", "userId", "seconds"],
       "properties": {%s, %s, "seconds": {"type": "integer", "minimum": 1, "maximum": 86400}}}""".formatted(STREAM, USER));

  public static final BodySchema BAN = schema("""
      {"type": "object", "additionalProperties": false, "required": ["streamId", "userId"],
       "properties": {%s, %s}}""".formatted(STREAM, USER));

  public static final BodySchema SLOW = schema("""
      {"type": "object", "additionalProperties": false, "required": ["streamId", "seconds"],
       "properties": {%s, "seconds": {"type": "integer", "minimum": 0, "maximum": 300}}}""".formatted(STREAM));

  public static final BodySchema SIGNAL = schema("""
      {"type": "object", "additionalProperties": false, "required": ["streamId", "to", "signal"],
       "properties": {%s, "to": {"type": "string", "pattern": "^[0-9a-f-]{36}$"}, "signal": {"type": "object"}}}""".formatted(STREAM));

  private LiveCommands() {
  }

  private static BodySchema schema(String json) {
    return BodySchema.of(new JsonObject(json));
  }
}
