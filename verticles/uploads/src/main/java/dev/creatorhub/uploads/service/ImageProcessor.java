package dev.creatorhub.uploads.service;

import dev.creatorhub.shared.error.ApiException;
import net.coobird.thumbnailator.Thumbnails;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decodes an uploaded image and writes a fresh one from its pixels: nothing of the original file
 * survives (no EXIF/GPS or other metadata, no appended or embedded payloads). Also makes the
 * thumbnail and the blurred preview. Blocking and CPU-bound: call it on a worker thread.
 *
 * <p>The work per image is bounded: an image larger than {@code maxDecodedPixels} is decoded with
 * subsampling (every n-th pixel in each direction) and stored at that reduced size, so a small file
 * that claims 7000 × 7000 pixels costs a decode of a quarter of them, not a 200 MB raster.
 */
final class ImageProcessor {

  static final int THUMBNAIL_PX = 480;
  private static final int BLUR_PX = 24;

  /** The re-encoded image and its derivatives. */
  record Result(byte[] image, String mimeType, int width, int height, byte[] thumbnail, byte[] blurred) {
  }

  private ImageProcessor() {
  }

  static Result process(byte[] original, String mimeType, long maxPixels, long maxDecodedPixels, String watermark) {
    BufferedImage image = decode(original, mimeType, maxPixels, maxDecodedPixels);
    if (watermark != null) {
      image = watermark(image, watermark);
    }
    // Photos stay JPEG; anything with transparency (or a PNG) becomes PNG; GIF and WebP become one of them.
    boolean png = image.getColorModel().hasAlpha() || mimeType.equals("image/png");
    try {
      byte[] encoded = png ? png(image) : jpeg(opaque(image), 0.9f);
      BufferedImage rgb = opaque(image);
      BufferedImage thumb = Thumbnails.of(rgb).size(THUMBNAIL_PX, THUMBNAIL_PX).asBufferedImage();
      BufferedImage tiny = Thumbnails.of(rgb).size(BLUR_PX, BLUR_PX).asBufferedImage();
      BufferedImage blurred = Thumbnails.of(tiny).size(thumb.getWidth(), thumb.getHeight()).asBufferedImage();
      return new Result(encoded, png ? "image/png" : "image/jpeg", image.getWidth(), image.getHeight(),
          jpeg(thumb, 0.8f), jpeg(opaque(blurred), 0.7f));
    } catch (IOException e) {
      throw new IllegalStateException("could not encode an image", e);
    }
  }

  /** Thumbnail and blurred preview of a video poster frame (JPEG bytes). */
  static Result poster(byte[] frame) {
    Result still = process(frame, "image/jpeg", Long.MAX_VALUE, 16_777_216L, null);
    return new Result(null, null, still.width(), still.height(), still.thumbnail(), still.blurred());
  }

  /** The image's size in pixels, from its header only (nothing is decoded). */
  static long pixels(byte[] bytes, String mimeType) {
    ImageReader reader = reader(mimeType);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      return (long) reader.getWidth(0) * reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw damaged();
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader reader(String mimeType) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mimeType);
    if (!readers.hasNext()) {
      throw new ApiException(415, "Images of type " + mimeType + " cannot be read here.");
    }
    return readers.next();
  }

  private static BufferedImage decode(byte[] bytes, String mimeType, long maxPixels, long maxDecodedPixels) {
    ImageReader reader = reader(mimeType);
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > maxPixels) {
        throw new ApiException(400, "The image is too large: at most " + maxPixels + " pixels.");
      }
      javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
      if (pixels > maxDecodedPixels) {
        int step = (int) Math.ceil(Math.sqrt((double) pixels / maxDecodedPixels));
        param.setSourceSubsampling(step, step, 0, 0);
      }
      BufferedImage image = reader.read(0, param);
      if (!warnings.isEmpty() || image == null) {
        // Readers warn rather than fail on a truncated file and fill the rest with grey.
        throw damaged();
      }
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      throw damaged();
    } finally {
      reader.dispose();
    }
  }

  private static ApiException damaged() {
    return new ApiException(400, "The image is damaged or truncated.");
  }

  private static BufferedImage watermark(BufferedImage image, String text) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(),
        image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      int size = Math.max(12, image.getWidth() / 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
      int x = image.getWidth() - g.getFontMetrics().stringWidth(text) - size / 2;
      int y = image.getHeight() - size / 2;
      g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.55f));
      g.setColor(Color.BLACK);
      g.drawString(text, x + 1, y + 1);
      g.setColor(Color.WHITE);
      g.drawString(text, x, y);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The image on white, without an alpha channel (JPEG has none). */
  private static BufferedImage opaque(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer");
    }
    return out.toByteArray();
  }
}
