package dev.creatorhub.live.service;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;

/**
 * Agora AccessToken2 ("007" tokens), written to Agora's published format because their SDK is not
 * obtainable here: {@code "007" + base64(zlib(packString(signature) + content))}, where content is
 * {@code packString(appId), uint32 issueTs, uint32 expire, uint32 salt, uint16 #services, services}
 * and each service is {@code uint16 type, map<uint16 privilege, uint32 expire>} plus, for RTC,
 * {@code packString(channel), packString(uid)}. The signing key is
 * {@code HMAC(uint32 salt, HMAC(uint32 issueTs, appCertificate))}; the signature is
 * {@code HMAC(signingKey, content)}, HMAC-SHA256 throughout, integers little-endian.
 * Checked against Agora's test vectors (AgoraTokensTest).
 */
public final class AgoraTokens {

  public static final int RTC = 1;
  public static final int JOIN_CHANNEL = 1;
  public static final int PUBLISH_AUDIO = 2;
  public static final int PUBLISH_VIDEO = 3;
  public static final int PUBLISH_DATA = 4;

  /** One service of a token: its type, privileges (id → expire seconds) and, for RTC, channel and uid. */
  public record Service(int type, Map<Integer, Integer> privileges, String channelName, String uid) {
    public static Service rtc(String channelName, String uid, boolean publisher, int expireSeconds) {
      Map<Integer, Integer> privileges = new TreeMap<>();
      privileges.put(JOIN_CHANNEL, expireSeconds);
      if (publisher) {
        privileges.put(PUBLISH_AUDIO, expireSeconds);
        privileges.put(PUBLISH_VIDEO, expireSeconds);
        privileges.put(PUBLISH_DATA, expireSeconds);
      }
      return new Service(RTC, privileges, channelName, uid);
    }
  }

  private AgoraTokens() {
  }

  public static String build(String appId, String appCertificate, long issueTs, int expireSeconds, long salt, List<Service> services) {
    Packer content = new Packer().string(appId.getBytes(StandardCharsets.UTF_8)).uint32(issueTs).uint32(expireSeconds).uint32(salt)
        .uint16(services.size());
    for (Service service : services) {
      content.uint16(service.type()).uint16(service.privileges().size());
      new TreeMap<>(service.privileges()).forEach((id, expire) -> content.uint16(id).uint32(expire));
      if (service.type() == RTC) {
        content.string(service.channelName().getBytes(StandardCharsets.UTF_8)).string(service.uid().getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] signingKey = hmac(new Packer().uint32(salt).bytes(),
        hmac(new Packer().uint32(issueTs).bytes(), appCertificate.getBytes(StandardCharsets.UTF_8)));
    byte[] body = content.bytes();
    byte[] signed = new Packer().string(hmac(signingKey, body)).raw(body).bytes();
    return "007" + Base64.getEncoder().encodeToString(deflate(signed));
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater();
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[1024];
    while (!deflater.finished()) {
      out.write(chunk, 0, deflater.deflate(chunk));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static final class Packer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Packer uint16(int value) {
      out.writeBytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
      return this;
    }

    Packer uint32(long value) {
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
      return this;
    }

    Packer string(byte[] value) {
      return uint16(value.length).raw(value);
    }

    Packer raw(byte[] value) {
      out.writeBytes(value);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
