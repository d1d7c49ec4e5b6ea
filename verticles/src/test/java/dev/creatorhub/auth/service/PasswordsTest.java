package dev.creatorhub.auth.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordsTest {

  private final PasswordHasher hasher = new PasswordHasher(19456, 2, 1);
  private static final PasswordPolicy POLICY = PasswordPolicy.load();

  @Test
  void argon2idHashesVerifyAndAreSalted() {
    String hash = hasher.hash("correct horse battery");
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(hasher.verify("correct horse battery", hash)).isTrue();
    assertThat(hasher.verify("correct horse batterx", hash)).isFalse();
    assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hash);
    assertThat(hasher.verify("x", "not-a-hash")).isFalse();
  }

  @Test
  void hashesKeepTheirOwnParameters() {
    String weakerOld = new PasswordHasher(1024, 1, 1).hash("an older password!");
    assertThat(hasher.verify("an older password!", weakerOld)).isTrue();
  }

  @Test
  void policyRefusesShortLongCommonAndPersonalPasswords() {
    assertThat(POLICY.problem("short1!", "anna", "anna@example.com")).contains("at least 10");
    assertThat(POLICY.problem("x".repeat(129), "anna", "anna@example.com")).contains("at most 128");
    assertThat(POLICY.problem("password123", "anna", "anna@example.com")).contains("common");
    assertThat(POLICY.problem("Sunshine2024!", "anna", "anna@example.com")).contains("common");
    assertThat(POLICY.problem("qwertyuiop", "anna", "anna@example.com")).contains("common");
    assertThat(POLICY.problem("aaaaaaaaaaaa", "anna", "anna@example.com")).isNotNull();
    assertThat(POLICY.problem("annabelle-rocks-42", "annabelle", "x@example.com")).contains("username");
    assertThat(POLICY.problem("long-and-unusual-Phrase-7", "anna", "anna@example.com")).isNull();
  }
}
