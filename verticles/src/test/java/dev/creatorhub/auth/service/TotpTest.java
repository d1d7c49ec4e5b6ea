package dev.creatorhub.auth.service;

import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTest {

  private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void matchesTheRfc6238TestVectors() {
    // RFC 6238 appendix B, SHA-1, 8 digits.
    long[][] vectors = {{59, 94287082}, {1111111109, 7081804}, {1111111111, 14050471},
        {1234567890, 89005924}, {2000000000, 69279037}, {20000000000L, 65353130}};
    for (long[] v : vectors) {
      assertThat(Totp.code(RFC_KEY, Totp.step(v[0]), 8, "HmacSHA1")).isEqualTo(String.format("%08d", v[1]));
    }
  }

  @Test
  void acceptsTheCurrentStepAndOneEitherSideButNeverAReplay() {
    String secret = new String(Base32.encode(RFC_KEY), StandardCharsets.US_ASCII).replace("=", "");
    long now = 1_800_000_000L;
    long step = Totp.step(now);
    String current = Totp.code(RFC_KEY, step, 6, "HmacSHA1");
    assertThat(Totp.verify(secret, current, now, -1)).isEqualTo(step);
    assertThat(Totp.verify(secret, Totp.code(RFC_KEY, step - 1, 6, "HmacSHA1"), now, -1)).isEqualTo(step - 1);
    assertThat(Totp.verify(secret, Totp.code(RFC_KEY, step + 1, 6, "HmacSHA1"), now, -1)).isEqualTo(step + 1);
    assertThat(Totp.verify(secret, Totp.code(RFC_KEY, step - 2, 6, "HmacSHA1"), now, -1)).isEqualTo(-1);
    assertThat(Totp.verify(secret, current, now, step)).as("replay").isEqualTo(-1);
    assertThat(Totp.verify(secret, "12345", now, -1)).isEqualTo(-1);
    assertThat(Totp.verify(secret, "abcdef", now, -1)).isEqualTo(-1);
  }

  @Test
  void secretsAreBase32AndUrisFollowTheKeyUriFormat() {
    String secret = Totp.newSecret();
    assertThat(secret).matches("[A-Z2-7]{32}");
    assertThat(Totp.decode(secret)).hasSize(20);
    assertThat(Totp.uri(secret, "creatorhub", "anna"))
        .startsWith("otpauth://totp/creatorhub%3Aanna?secret=" + secret).contains("issuer=creatorhub");
  }
}
