package dev.creatorhub.live;

/** Event-bus addresses of the live domain, and the other domains' addresses it calls. */
public final class LiveAddresses {

  public static final String SERVICE = "live";

  public static final String CREATE = "live.stream.create";
  public static final String GET = "live.stream.get";
  public static final String LIST = "live.stream.list";
  public static final String UPDATE = "live.stream.update";
  /** {@code {streamId, action: start|end|cancel}} (the creator). */
  public static final String TRANSITION = "live.stream.transition";
  public static final String JOIN = "live.stream.join";
  public static final String MESSAGES = "live.stream.messages";
  /** {@code {streamId, userId, add: true|false}} (the creator): appoints or removes a moderator. */
  public static final String MODERATORS = "live.stream.moderators";

  // Bridge commands (browsers send these; the bridge sets the verified identity headers).
  public static final String CHAT_SEND = "live.chat.send";
  public static final String TIP_SEND = "live.tip.send";
  public static final String MOD_DELETE = "live.mod.delete";
  public static final String MOD_MUTE = "live.mod.mute";
  public static final String MOD_BAN = "live.mod.ban";
  public static final String MOD_UNBAN = "live.mod.unban";
  public static final String MOD_SLOW = "live.mod.slow";
  /** {@code {streamId, to, signal}}: WebRTC offer/answer/candidate between the creator and one viewer. */
  public static final String RTC_SIGNAL = "live.rtc.signal";

  /** Bridge authorizers: {@code {address, userId, role, lastSeq?}} → {@code {allowed, backlog?}}. */
  public static final String ROOM_AUTHORIZE = "live.room.authorize";
  public static final String RTC_AUTHORIZE = "live.rtc.authorize";

  /** Room of a stream: what viewers register to. */
  public static String room(String streamId) {
    return "live.room." + streamId;
  }

  /** A user's WebRTC signaling inbox in a stream. */
  public static String rtcInbox(String streamId, String userId) {
    return "live.rtc." + streamId + "." + userId;
  }

  public static final String TOPIC_STREAM_STARTED = "stream.started";
  public static final String TOPIC_STREAM_ENDED = "stream.ended";

  private LiveAddresses() {
  }
}
