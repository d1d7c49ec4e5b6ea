package dev.creatorhub.content;

/** Event-bus addresses of the content domain (what other domains ask it, and its topics, are in content.api). */
public final class ContentAddresses {

  public static final String SERVICE = "content";

  public static final String CREATE = "content.post.create";
  public static final String GET = "content.post.get";
  public static final String UPDATE = "content.post.update";
  public static final String DELETE = "content.post.delete";
  public static final String LIKE = "content.post.like";
  public static final String UNLIKE = "content.post.unlike";
  /** {@code {postId}} → {@code {url}} of the blurred preview of a locked post whose creator allows one. */
  public static final String PREVIEW = "content.post.preview";
  public static final String CREATOR_POSTS = "content.creator.posts";
  public static final String FEED = "content.feed";
  public static final String SEARCH = "content.search";

  private ContentAddresses() {
  }
}
