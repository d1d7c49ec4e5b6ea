package dev.creatorhub.auth.service;

import dev.creatorhub.shared.validation.BodySchema;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Shapes of the auth domain's request bodies (JSON Schema 2020-12); semantics are checked after. */
public final class AuthSchemas {

  private AuthSchemas() {
  }

  static final BodySchema REGISTER = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false,
       "required": ["username", "email", "password", "role"],
       "properties": {
         "username": {"type": "string", "minLength": 3, "maxLength": 30, "pattern": "^[A-Za-z0-9_.]+$"},
         "email": {"type": "string", "minLength": 3, "maxLength": 254},
         "password": {"type": "string", "minLength": 1, "maxLength": 1024},
         "role": {"enum": ["CREATOR", "SUBSCRIBER"]},
         "displayName": {"type": "string", "minLength": 1, "maxLength": 50}
       }}"""));

  static final BodySchema LOGIN = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["login", "password"],
       "properties": {
         "login": {"type": "string", "minLength": 1, "maxLength": 254},
         "password": {"type": "string", "minLength": 1, "maxLength": 1024},
         "totp": {"type": "string", "minLength": 6, "maxLength": 32}
       }}"""));

  static final BodySchema REFRESH = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["refreshToken"],
       "properties": {"refreshToken": {"type": "string", "minLength": 20, "maxLength": 200}}}"""));

  static final BodySchema LOGOUT = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false,
       "properties": {"refreshToken": {"type": "string", "minLength": 20, "maxLength": 200}}}"""));

  static final BodySchema UPDATE_ME = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "minProperties": 1,
       "properties": {
         "displayName": {"type": "string", "minLength": 1, "maxLength": 50},
         "bio": {"type": "string", "maxLength": 1000},
         "avatarMediaId": {"type": ["string", "null"], "minLength": 1, "maxLength": 64},
         "bannerMediaId": {"type": ["string", "null"], "minLength": 1, "maxLength": 64},
         "subscriptionPrice": {"type": "object", "additionalProperties": false, "required": ["amount", "currency"],
           "properties": {"amount": {"type": "integer", "minimum": 0, "maximum": 1000000000},
                          "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}},
         "bundles": {"type": "array", "maxItems": 3, "items": {"type": "object", "additionalProperties": false,
           "required": ["months", "discountPercent"],
           "properties": {"months": {"enum": [3, 6, 12]},
                          "discountPercent": {"type": "integer", "minimum": 0, "maximum": 50}}}},
         "trialDays": {"type": "integer", "minimum": 0, "maximum": 30}
       }}"""));

  static final BodySchema CHANGE_PASSWORD = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["currentPassword", "newPassword"],
       "properties": {"currentPassword": {"type": "string", "minLength": 1, "maxLength": 1024},
                      "newPassword": {"type": "string", "minLength": 1, "maxLength": 1024}}}"""));

  static final BodySchema TOTP_CODE = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["code"],
       "properties": {"code": {"type": "string", "minLength": 6, "maxLength": 32}}}"""));

  static final BodySchema TOTP_DISABLE = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["password", "code"],
       "properties": {"password": {"type": "string", "minLength": 1, "maxLength": 1024},
                      "code": {"type": "string", "minLength": 6, "maxLength": 32}}}"""));

  static final BodySchema VERIFY = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["verified"],
       "properties": {"verified": {"type": "boolean"}}}"""));

  static final BodySchema SUSPEND = BodySchema.of(new JsonObject("""
      {"type": "object", "additionalProperties": false, "required": ["suspended"],
       "properties": {"suspended": {"type": "boolean"}, "reason": {"type": "string", "maxLength": 500}}}"""));

  /**
   * The REST bodies by operationId. Refresh and logout take {@code refreshToken} from the body or
   * from the session cookie, so their REST body is LOGOUT's shape (the token optional).
   */
  public static Map<String, BodySchema> byOperation() {
    return Map.of("register", REGISTER, "login", LOGIN, "refreshSession", LOGOUT, "logout", LOGOUT,
        "updateMe", UPDATE_ME, "changePassword", CHANGE_PASSWORD, "enableTotp", TOTP_CODE, "disableTotp", TOTP_DISABLE,
        "verifyCreator", VERIFY, "suspendUser", SUSPEND);
  }
}
