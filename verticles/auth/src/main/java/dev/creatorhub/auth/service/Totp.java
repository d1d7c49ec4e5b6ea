package dev.creatorhub.auth.service;

import org.bouncycastle.util.encoders.Base32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.net.URLEncoder;

/**
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 30 s steps, 6 digits: what authenticator apps
 * expect). A code is accepted for the current step and one step either side; the caller stores the
 * last step used so a code cannot be replayed.
 */
public final class Totp {

  static final int PERIOD_SECONDS = 30;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Totp() {
  }

  /** A new 160-bit secret, Base32 without padding (the form authenticator apps take). */
  static String newSecret() {
    byte[] secret = new byte[20];
    RANDOM.nextBytes(secret);
    return new String(Base32.encode(secret), StandardCharsets.US_ASCII).replace("=", "");
  }

  static String uri(String secret, String issuer, String account) {
    String label = URLEncoder.encode(issuer + ":" + account, StandardCharsets.UTF_8).replace("+", "%20");
    return "otpauth://totp/" + label + "?secret=" + secret + "&issuer="
        + URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20") + "&algorithm=SHA1&digits=6&period=30";
  }

  public static long step(long epochSeconds) {
    return Math.floorDiv(epochSeconds, PERIOD_SECONDS);
  }

  /** The code for a step, with {@code digits} digits. */
  public static String code(byte[] key, long step, int digits, String algorithm) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
          | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
      int modulo = (int) Math.pow(10, digits);
      return String.format("%0" + digits + "d", binary % modulo);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] decode(String secret) {
    String padded = secret.toUpperCase();
    while (padded.length() % 8 != 0) {
      padded += "=";
    }
    return Base32.decode(padded);
  }

  /**
   * The step the code matches (current ± 1), or -1. Steps at or before {@code lastUsedStep} never
   * match, which stops replays.
   */
  static long verify(String secret, String code, long nowEpochSeconds, long lastUsedStep) {
    if (code == null || !code.matches("\\d{6}")) {
      return -1;
    }
    byte[] key = decode(secret);
    long current = step(nowEpochSeconds);
    for (long s = current - 1; s <= current + 1; s++) {
      if (s > lastUsedStep && MessageDigest.isEqual(code(key, s, 6, "HmacSHA1").getBytes(StandardCharsets.US_ASCII),
          code.getBytes(StandardCharsets.US_ASCII))) {
        return s;
      }
    }
    return -1;
  }
}
