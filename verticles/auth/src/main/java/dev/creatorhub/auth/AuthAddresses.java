package dev.creatorhub.auth;

/**
 * Event-bus addresses of the auth domain. The first group serves the REST endpoints; the last group
 * is what other domains may ask (public user info), never by reading {@code users} themselves.
 */
public final class AuthAddresses {

  public static final String SERVICE = "auth";

  public static final String REGISTER = "auth.register";
  public static final String LOGIN = "auth.login";
  public static final String REFRESH = "auth.refresh";
  public static final String LOGOUT = "auth.logout";
  public static final String ME = "auth.me";
  public static final String UPDATE_ME = "auth.me.update";
  public static final String CHANGE_PASSWORD = "auth.password.change";
  public static final String TOTP_SETUP = "auth.totp.setup";
  public static final String TOTP_ENABLE = "auth.totp.enable";
  public static final String TOTP_DISABLE = "auth.totp.disable";
  public static final String CREATOR_PROFILE = "auth.creator.profile";
  public static final String ADMIN_USERS = "auth.admin.users";
  public static final String ADMIN_VERIFY = "auth.admin.verify";
  public static final String ADMIN_SUSPEND = "auth.admin.suspend";

  /** Kafka topics the domain publishes through its outbox. */
  public static final String TOPIC_REGISTERED = "user.registered";
  public static final String TOPIC_UPDATED = "user.updated";
  public static final String TOPIC_SUSPENDED = "user.suspended";

  /** Published with a user id whenever that user changes: every auth instance drops its cached copy. */
  public static final String CACHE_INVALIDATE = "auth.user.changed";

  private AuthAddresses() {
  }
}
