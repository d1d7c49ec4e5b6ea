package dev.creatorhub.shared.money;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PricesTest {

  @Test
  void bundlesRoundHalfUpToAMinorUnit() {
    assertThat(Prices.bundle(999, 3, 10)).isEqualTo(2697); // 2697.3
    assertThat(Prices.bundle(1499, 3, 50)).isEqualTo(2249); // 2248.5
    assertThat(Prices.bundle(999, 6, 25)).isEqualTo(4496); // 4495.5
    assertThat(Prices.bundle(500, 1, 0)).isEqualTo(500);
  }
}
