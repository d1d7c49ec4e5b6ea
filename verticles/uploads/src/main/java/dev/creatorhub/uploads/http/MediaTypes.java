package dev.creatorhub.uploads.http;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MimeTypes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a file is, decided from its bytes only (Apache Tika's magic numbers; the name and the
 * declared Content-Type are never consulted), and whether it hides markup or script anywhere
 * (polyglots: a valid image that a browser could also run as HTML or script).
 */
final class MediaTypes {

  /** How many leading bytes the detector looks at. */
  static final int HEAD_BYTES = 64 * 1024;

  private static final MimeTypes TIKA = MimeTypes.getDefaultMimeTypes();
  private static final byte[][] MARKUP = signatures("<script", "<html", "<svg", "<?php", "<!doctype html", "<iframe",
      "<body", "<object", "<embed", "javascript:");
  private static final int LONGEST = 16;

  private MediaTypes() {
  }

  /** The base MIME type the bytes start with, e.g. {@code image/png}, {@code application/octet-stream}. */
  static String detect(byte[] head) {
    String type;
    try (ByteArrayInputStream in = new ByteArrayInputStream(head)) {
      type = TIKA.detect(in, new Metadata()).getBaseType().toString();
    } catch (IOException e) {
      return "application/octet-stream";
    }
    if (type.equals("video/quicktime") || type.equals("video/mp4")) {
      return isoMediaType(head, type);
    }
    if (type.equals("application/x-matroska") || type.equals("video/x-matroska")) {
      // WebM is Matroska whose EBML header names the doctype "webm".
      String header = new String(head, 0, Math.min(head.length, 64), StandardCharsets.ISO_8859_1);
      return header.contains("\u0042\u0082") && header.contains("webm") ? "video/webm" : type;
    }
    return type;
  }

  /**
   * Tika files every ISO base media file without an {@code mp41}/{@code mp42} major brand (the
   * {@code isom} files ffmpeg and phones write) under QuickTime; the {@code ftyp} box tells them apart.
   */
  private static String isoMediaType(byte[] head, String detected) {
    if (head.length < 16 || !new String(head, 4, 4, StandardCharsets.US_ASCII).equals("ftyp")) {
      return detected;
    }
    int boxSize = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
    String major = new String(head, 8, 4, StandardCharsets.US_ASCII);
    if (major.equals("qt  ")) {
      return "video/quicktime";
    }
    if (major.startsWith("3g")) {
      return "video/3gpp";
    }
    for (int at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) {
      String brand = new String(head, at, 4, StandardCharsets.US_ASCII);
      if (brand.startsWith("iso") || brand.startsWith("mp4") || brand.equals("avc1") || brand.equals("dash")) {
        return "video/mp4";
      }
    }
    return major.startsWith("iso") || major.startsWith("mp4") || major.startsWith("M4V") ? "video/mp4" : detected;
  }

  /** Finds markup signatures across chunk boundaries; feed every chunk in order. */
  static final class MarkupScanner {
    private byte[] tail = new byte[0];

    /** True when the bytes seen so far contain markup or script. */
    boolean found(byte[] chunk) {
      byte[] window = new byte[tail.length + chunk.length];
      System.arraycopy(tail, 0, window, 0, tail.length);
      System.arraycopy(chunk, 0, window, tail.length, chunk.length);
      for (int i = 0; i < window.length; i++) {
        byte b = window[i];
        if (b != '<' && b != 'j' && b != 'J') {
          continue;
        }
        for (byte[] signature : MARKUP) {
          if (matchesAt(window, i, signature)) {
            return true;
          }
        }
      }
      int keep = Math.min(LONGEST - 1, window.length);
      tail = java.util.Arrays.copyOfRange(window, window.length - keep, window.length);
      return false;
    }

    private static boolean matchesAt(byte[] window, int at, byte[] signature) {
      if (at + signature.length > window.length) {
        return false;
      }
      for (int k = 0; k < signature.length; k++) {
        int c = window[at + k];
        if (c >= 'A' && c <= 'Z') {
          c += 'a' - 'A';
        }
        if (c != signature[k]) {
          return false;
        }
      }
      return true;
    }
  }

  private static byte[][] signatures(String... values) {
    byte[][] out = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i].toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }
}
