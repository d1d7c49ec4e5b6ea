package dev.creatorhub.content;

/** Event-bus addresses of the content domain, and the other domains' addresses it calls. */
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

  /** For the payments domain: {@code {postId}} → {@code {creatorId, visibility, price: {amount, currency}}}, 404. */
  public static final String POST_OFFER = dev.creatorhub.content.api.ContentClient.POST_OFFER;
  /** For the uploads domain: {@code {mediaId, userId?, role?}} → {@code {allowed}}: a post carrying it is unlocked for the user. */
  public static final String MEDIA_ACCESS = dev.creatorhub.content.api.ContentClient.MEDIA_ACCESS;

  public static final String TOPIC_POST_PUBLISHED = dev.creatorhub.content.api.ContentTopics.POST_PUBLISHED;
  public static final String TOPIC_POST_DELETED = dev.creatorhub.content.api.ContentTopics.POST_DELETED;

  // Addresses of other domains (their contracts, named here so no class of theirs is used).

  private ContentAddresses() {
  }
}
