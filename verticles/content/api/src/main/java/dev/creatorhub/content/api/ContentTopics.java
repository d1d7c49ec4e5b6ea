package dev.creatorhub.content.api;

/** The Kafka topics the content domain publishes (payloads name {@code postId, creatorId}). */
public final class ContentTopics {

  public static final String POST_PUBLISHED = "post.published";
  public static final String POST_DELETED = "post.deleted";

  private ContentTopics() {
  }
}
