package dev.creatorhub.uploads;

/** Event-bus addresses of the uploads domain (other domains call it through {@code uploads.api.UploadsClient}). */
public final class UploadsAddresses {

  public static final String SERVICE = "uploads";

  /** Internal (from the upload route): {@code {key, ownerId, mimeType, size}} → the stored media's view. */
  public static final String INGEST = "uploads.media.ingest";
  /** The owner's view of one of their media: {@code {id}} → the view, 404 for anyone else. */
  public static final String MINE = "uploads.media.mine";
  /** {@code {id, variant: content|thumbnail}} with the caller's identity (if any) → {@code {url}}, or 403/404. */
  public static final String URL = "uploads.media.url";

  public static final String TOPIC_MEDIA_UPLOADED = "media.uploaded";

  private UploadsAddresses() {
  }
}
