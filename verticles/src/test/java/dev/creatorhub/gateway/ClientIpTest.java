package dev.creatorhub.gateway;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** X-Forwarded-For is believed only from trusted proxies, and then only up to the first hop that is not one. */
class ClientIpTest {

  private final ClientIp behindProxies = new ClientIp(new JsonArray().add("10.0.0.0/8").add("192.168.1.7").add("fd00::/8"));
  private final ClientIp direct = new ClientIp(new JsonArray());

  @Test
  void theRightMostUntrustedHopIsTheClient() {
    assertThat(behindProxies.resolve("10.1.2.3", "203.0.113.9")).isEqualTo("203.0.113.9");
    // A client writing its own header cannot choose its address: our proxy appended the real one.
    assertThat(behindProxies.resolve("10.1.2.3", "1.1.1.1, 203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(behindProxies.resolve("10.1.2.3", "198.51.100.4, 203.0.113.9, 192.168.1.7")).isEqualTo("203.0.113.9");
    assertThat(behindProxies.resolve("fd00::1", "2001:db8::5")).isEqualTo("2001:db8::5");
    assertThat(behindProxies.resolve("10.1.2.3", "not-an-ip, 203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(behindProxies.resolve("10.1.2.3", "10.9.9.9")).isEqualTo("10.9.9.9");
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItForwards() {
    assertThat(behindProxies.resolve("203.0.113.9", "10.0.0.1")).isEqualTo("203.0.113.9");
    assertThat(direct.resolve("127.0.0.1", "6.6.6.6")).isEqualTo("127.0.0.1");
    assertThat(behindProxies.resolve("10.1.2.3", null)).isEqualTo("10.1.2.3");
  }

  @Test
  void proxiesAreAddressesOrRangesNeverNames() {
    assertThatThrownBy(() -> new ClientIp(new JsonArray().add("proxy.internal"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClientIp(new JsonArray().add("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
  }
}
