package dev.creatorhub.testing;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Real media files made in the test: images drawn and encoded with ImageIO, videos with ffmpeg. */
public final class TestMedia {

  private TestMedia() {
  }

  public static byte[] image(String format, int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Random random = new Random(seed);
    for (int i = 0; i < 20; i++) {
      g.setColor(new Color(random.nextInt(0xffffff)));
      g.fillRect(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(width), 1 + random.nextInt(height));
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** A JPEG carrying an EXIF APP1 segment with a GPS position (48°51'24.06"N). */
  public static byte[] jpegWithGps() {
    ByteBuffer tiff = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    tiff.putShort((short) 1).putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(26).putInt(0); // IFD0 → GPS IFD
    tiff.putShort((short) 2); // GPS IFD at 26
    tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0}); // GPSLatitudeRef
    tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(56); // GPSLatitude → 56
    tiff.putInt(0);
    tiff.putInt(48).putInt(1).putInt(51).putInt(1).putInt(2406).putInt(100);
    byte[] tiffBytes = java.util.Arrays.copyOf(tiff.array(), tiff.position());
    byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    return withSegment(image("jpeg", 320, 240, 7), 0xE1, concat(exif, tiffBytes));
  }

  /** A valid JPEG whose comment segment carries an HTML script: an image/HTML polyglot. */
  public static byte[] polyglotJpeg() {
    return withSegment(image("jpeg", 64, 64, 3), 0xFE, "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.US_ASCII));
  }

  /** The beginning of an MP4 file ({@code ftyp isom}) followed by random bytes up to {@code size}. */
  public static byte[] mp4Like(int size) {
    byte[] bytes = new byte[size];
    new Random(1).nextBytes(bytes);
    byte[] ftyp = {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'i', 's', 'o', '2',
        'a', 'v', 'c', '1', 'm', 'p', '4', '1'};
    System.arraycopy(ftyp, 0, bytes, 0, ftyp.length);
    return bytes;
  }

  public static boolean ffmpegInstalled() {
    try {
      Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** A real H.264 MP4 made by ffmpeg from its test pattern. */
  public static byte[] mp4(int seconds, String size) throws Exception {
    Path file = Files.createTempFile("creatorhub-test", ".mp4");
    try {
      Process p = new ProcessBuilder(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
          "testsrc=duration=" + seconds + ":size=" + size + ":rate=10", "-pix_fmt", "yuv420p", file.toString()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("ffmpeg failed");
      }
      return Files.readAllBytes(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** A PNG of one colour: tiny as a file, huge once decoded (a decompression bomb). */
  public static byte[] uniformPng(int width, int height) throws Exception {
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_BYTE_BINARY);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** An MP4 as a phone writes it: with where it was shot and a title in its metadata. */
  public static byte[] mp4WithLocation(String location, String title) throws Exception {
    Path file = Files.createTempFile("creatorhub-test", ".mp4");
    try {
      Process p = new ProcessBuilder(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=10",
          "-metadata", "location=" + location, "-metadata", "title=" + title, "-movflags", "use_metadata_tags",
          "-pix_fmt", "yuv420p", file.toString()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("ffmpeg failed");
      }
      return Files.readAllBytes(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  public static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
    int length = payload.length + 2;
    byte[] segment = concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, payload);
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, 2); // after SOI
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
