package dev.creatorhub.content.service;

/** Who is looking: a signed-in user with a role, or nobody ({@code userId == null}). */
public record Viewer(String userId, String role) {

  public boolean admin() {
    return "ADMIN".equals(role);
  }

  public boolean signedIn() {
    return userId != null;
  }

  public boolean owns(String creatorId) {
    return userId != null && userId.equals(creatorId);
  }
}
