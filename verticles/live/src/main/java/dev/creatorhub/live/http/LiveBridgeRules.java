package dev.creatorhub.live.http;

import dev.creatorhub.live.LiveAddresses;
import dev.creatorhub.shared.bridge.BridgeRules;

import java.util.List;
import java.util.Set;

/** What the live domain opens on the bridge: room and signaling commands, rooms and signaling inboxes. */
public class LiveBridgeRules implements BridgeRules {

  private static final String ID = "[0-9a-f-]{36}";

  @Override
  public Set<String> inbound() {
    return Set.of(LiveAddresses.CHAT_SEND, LiveAddresses.TIP_SEND, LiveAddresses.MOD_DELETE, LiveAddresses.MOD_MUTE,
        LiveAddresses.MOD_BAN, LiveAddresses.MOD_UNBAN, LiveAddresses.MOD_SLOW, LiveAddresses.RTC_SIGNAL);
  }

  @Override
  public List<OutboundRule> outbound() {
    return List.of(new OutboundRule("live\\.room\\." + ID, LiveAddresses.ROOM_AUTHORIZE),
        new OutboundRule("live\\.rtc\\." + ID + "\\." + ID, LiveAddresses.RTC_AUTHORIZE));
  }
}
