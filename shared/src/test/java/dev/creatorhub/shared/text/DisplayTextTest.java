package dev.creatorhub.shared.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayTextTest {

  @Test
  void namesLoseWhatLookAlikesAreMadeOf() {
    assertThat(DisplayText.name("adm\u202Enimda")).isEqualTo("admnimda");
    assertThat(DisplayText.name("Anna\u200B\u200D\uFEFF\u0000")).isEqualTo("Anna");
    assertThat(DisplayText.name("\uD835\uDD04\uD835\uDD2B\uD835\uDD2B\uD835\uDD1E")).isEqualTo("Anna"); // Fraktur
    assertThat(DisplayText.name("\uFF21\uFF4E\uFF4E\uFF41")).isEqualTo("Anna"); // full-width
    assertThat(DisplayText.name("  Anna \t  Lee \n ")).isEqualTo("Anna Lee");
    assertThat(DisplayText.name("Zoë 🌸")).isEqualTo("Zoë 🌸");
    assertThat(DisplayText.name("\u2066\u2069")).isEmpty();
  }

  @Test
  void biosKeepTheirLinesAndTextKeepsItsLetters() {
    assertThat(DisplayText.bio("Hi\u202E!\nSecond   line\n\n\n\nEnd")).isEqualTo("Hi!\nSecond line\n\nEnd");
    assertThat(DisplayText.text("ｗide \uD835\uDD1E and 👨\u200D👩\u200D👧 \u202Egnirts\u0007\r\n")).isEqualTo("ｗide \uD835\uDD1E and 👨\u200D👩\u200D👧 gnirts");
  }
}
