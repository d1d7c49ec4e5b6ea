package dev.creatorhub.auth.bus;

import dev.creatorhub.auth.AuthAddresses;
import dev.creatorhub.auth.api.AuthClient;
import dev.creatorhub.auth.service.AuthService;
import dev.creatorhub.shared.bus.BusHeaders;
import dev.creatorhub.shared.bus.BusService;
import dev.creatorhub.shared.bus.ServicePing;
import dev.creatorhub.shared.schedule.Periodic;
import dev.creatorhub.shared.security.Revocations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The accounts domain on the event bus: registration, sign-in and sessions, profiles, creator
 * pricing, two-factor sign-in, lookups for other domains and the admin actions on users. The rules
 * are in {@code auth.service}.
 */
public class AuthVerticle extends VerticleBase {

  private final BusService.Served served = new BusService.Served();
  private AuthService service;
  private Periodic purge;

  @Override
  public Future<?> start() {
    service = new AuthService(vertx, config(), Clock.systemUTC());
    String nodeId = config().getJsonObject("node", new JsonObject()).getString("id", "local");
    return service.start()
        .compose(v -> Future.all(List.of(
            serve(AuthAddresses.REGISTER, msg -> service.registration.register(msg.body())),
            serve(AuthAddresses.LOGIN, msg -> service.signIn.login(msg.body(), clientIp(msg))),
            serve(AuthAddresses.REFRESH, msg -> service.signIn.refresh(msg.body())),
            serve(AuthAddresses.LOGOUT, msg -> service.signIn.logout(msg.body(), msg.headers().get(BusHeaders.USER_ID),
                msg.headers().get(BusHeaders.SESSION_ID))),
            serve(AuthAddresses.ME, msg -> service.lookups.me(BusService.requireUser(msg))),
            serve(AuthAddresses.UPDATE_ME, msg -> service.profiles.updateMe(BusService.requireUser(msg), msg.body())),
            serve(AuthAddresses.CHANGE_PASSWORD, msg -> service.profiles.changePassword(BusService.requireUser(msg), msg.body(),
                clientIp(msg))),
            serve(AuthAddresses.TOTP_SETUP, msg -> service.twoFactor.setup(BusService.requireUser(msg))),
            serve(AuthAddresses.TOTP_ENABLE, msg -> service.twoFactor.enable(BusService.requireUser(msg), msg.body())),
            serve(AuthAddresses.TOTP_DISABLE, msg -> service.twoFactor.disable(BusService.requireUser(msg), msg.body(), clientIp(msg))),
            serve(AuthAddresses.CREATOR_PROFILE, msg -> service.lookups.creatorProfile(String.valueOf(msg.body().getValue("username")))),
            serve(AuthAddresses.ADMIN_USERS, msg -> {
              BusService.requireRole(msg, "ADMIN");
              return service.admin.list(msg.body());
            }),
            serve(AuthAddresses.ADMIN_VERIFY, msg -> {
              BusService.requireRole(msg, "ADMIN");
              return service.admin.verify(msg.body().getString("userId"), msg.body().getJsonObject("body"));
            }),
            serve(AuthAddresses.ADMIN_SUSPEND, msg -> service.admin.suspend(BusService.requireRole(msg, "ADMIN"),
                msg.body().getString("userId"), msg.body().getJsonObject("body"))),
            serve(AuthClient.USER_GET, msg -> {
              JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
              return service.lookups.user(body.getValue("id"), body.getValue("username"));
            }),
            serve(AuthClient.USERS_GET, msg -> service.lookups.users(msg.body() == null ? null : msg.body().getJsonArray("ids"))),
            serve(AuthClient.CREATORS_SEARCH, msg -> service.lookups.searchCreators(msg.body().getString("q"),
                msg.body().getInteger("limit", 20))),
            serve(AuthClient.MEDIA_PUBLIC, msg -> service.lookups.mediaPublic(msg.body().getString("mediaId"))),
            serve(Revocations.SNAPSHOT_ADDRESS, msg -> service.revocations()),
            ServicePing.register(vertx, AuthAddresses.SERVICE, nodeId).mapEmpty())))
        .compose(v -> service.listen())
        .onSuccess(v -> purge = Periodic.start(vertx, service.sessionPurgePeriodMs(), service::purgeSessions));
  }

  private static String clientIp(Message<?> msg) {
    String ip = msg.headers().get(BusHeaders.CLIENT_IP);
    return ip == null ? "unknown" : ip;
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> action) {
    return served.serve(vertx, address, action);
  }

  @Override
  public Future<?> stop() {
    if (purge != null) {
      purge.cancel();
    }
    return served.stop().eventually(service::close);
  }
}
