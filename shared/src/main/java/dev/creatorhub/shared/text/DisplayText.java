package dev.creatorhub.shared.text;

import java.text.Normalizer;

/**
 * Text other people see, cleaned where it is accepted. Names, titles and bios are NFKC-normalized
 * (so styled letters such as 𝔞 or ａ become plain ones) and lose every control and format
 * character (bidi overrides, zero-width characters, NUL), which look-alike names are built from.
 * Free text (posts, chat, messages) keeps its letters as written and loses controls and bidi
 * overrides only (zero-width joiners stay: emoji and several scripts need them).
 */
public final class DisplayText {

  private DisplayText() {
  }

  /** A name or title: one line. */
  public static String name(String value) {
    return value == null ? null : clean(value, false);
  }

  /** A bio or description: lines kept, each cleaned like a name. */
  public static String bio(String value) {
    return value == null ? null : clean(value, true);
  }

  /** Free text: controls (but newline and tab) and bidi controls removed, letters untouched. */
  public static String text(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(value.length());
    value.codePoints().forEach(c -> {
      if (c == '\n' || c == '\t') {
        out.appendCodePoint(c);
      } else if (c == '\u2028' || c == '\u2029') {
        out.append('\n');
      } else if (!Character.isISOControl(c) && !isBidiControl(c) && c != '\uFEFF') {
        out.appendCodePoint(c);
      }
    });
    return out.toString().strip();
  }

  private static String clean(String value, boolean multiline) {
    String normalized = Normalizer.normalize(value, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(normalized.length());
    normalized.codePoints().forEach(c -> {
      int type = Character.getType(c);
      if (multiline && (c == '\n' || c == '\u2028' || c == '\u2029')) {
        out.append('\n');
      } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        out.append(' ');
      } else if (type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
          && type != Character.PRIVATE_USE && type != Character.SURROGATE) {
        out.appendCodePoint(c);
      }
    });
    StringBuilder lines = new StringBuilder();
    for (String line : out.toString().split("\n", -1)) {
      if (!lines.isEmpty()) {
        lines.append('\n');
      }
      lines.append(line.replaceAll(" {2,}", " ").strip());
    }
    return lines.toString().replaceAll("\n{3,}", "\n\n").strip();
  }

  private static boolean isBidiControl(int c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
  }
}
