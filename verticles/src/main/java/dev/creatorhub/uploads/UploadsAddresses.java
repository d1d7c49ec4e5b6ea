package dev.creatorhub.uploads;

/** Event-bus addresses of the uploads domain, and the other domains' addresses it calls. */
public final class UploadsAddresses {

  public static final String SERVICE = "uploads";

  /** Internal (from the upload route): {@code {key, ownerId, mimeType, size}} → the stored media's view. */
  public static final String INGEST = "uploads.media.ingest";
  /** For other domains: {@code {id}} → {@code {id, ownerId, mimeType, size, width?, height?, durationSeconds?}}, 404. */
  public static final String DESCRIBE = "uploads.media.describe";
  /** The owner's view of one of their media: {@code {id}} → the view, 404 for anyone else. */
  public static final String MINE = "uploads.media.mine";
  /** {@code {id, variant: content|thumbnail}} with the caller's identity (if any) → {@code {url}}, or 403/404. */
  public static final String URL = "uploads.media.url";
  /** For the content domain: {@code {id}} → {@code {url}} of the blurred preview (made to be shown when locked). */
  public static final String PREVIEW_URL = "uploads.media.previewUrl";

  public static final String TOPIC_MEDIA_UPLOADED = "media.uploaded";

  // Addresses of other domains (their contracts, named here so no class of theirs is used).
  /** {@code {mediaId, userId?, role?}} → {@code {allowed}}: is the media on a post (or message) the user may see. */
  static final String CONTENT_MEDIA_ACCESS = "content.media.access";
  /** {@code {mediaId}} → {@code {public}}: is the media someone's avatar or banner. */
  static final String AUTH_MEDIA_PUBLIC = "auth.media.public";

  private UploadsAddresses() {
  }
}
