package dev.creatorhub.live.http;

import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.live.service.LiveCommands;
import dev.creatorhub.shared.bridge.BridgeRules;
import dev.creatorhub.shared.validation.BodySchema;

import java.util.List;
import java.util.Map;

/** What the live domain opens on the bridge: room and signaling commands, rooms and signaling inboxes. */
public class LiveBridgeRules implements BridgeRules {

  private static final String ID = "[0-9a-f-]{36}";

  @Override
  public Map<String, BodySchema> inbound() {
    return Map.of(LiveAddresses.CHAT_SEND, LiveCommands.CHAT, LiveAddresses.TIP_SEND, LiveCommands.TIP,
        LiveAddresses.MOD_DELETE, LiveCommands.DELETE, LiveAddresses.MOD_MUTE, LiveCommands.MUTE,
        LiveAddresses.MOD_BAN, LiveCommands.BAN, LiveAddresses.MOD_UNBAN, LiveCommands.BAN,
        LiveAddresses.MOD_SLOW, LiveCommands.SLOW, LiveAddresses.RTC_SIGNAL, LiveCommands.SIGNAL);
  }

  @Override
  public List<OutboundRule> outbound() {
    return List.of(new OutboundRule("live\\.room\\." + ID, LiveAddresses.ROOM_AUTHORIZE),
        new OutboundRule("live\\.rtc\\." + ID + "\\." + ID, LiveAddresses.RTC_AUTHORIZE));
  }
}
