package dev.creatorhub.uploads;

import dev.creatorhub.shared.domain.Domain;
import dev.creatorhub.shared.web.Endpoint;
import dev.creatorhub.uploads.bus.UploadsVerticle;
import dev.creatorhub.uploads.http.UploadsEndpoint;
import io.vertx.core.Deployable;

import java.util.List;

/** The uploads domain's plug-in (media uploads to S3, processing, signed URLs). */
public final class UploadsPlugin implements Domain {

  @Override
  public String name() {
    return UploadsAddresses.SERVICE;
  }

  @Override
  public Deployable verticle() {
    return new UploadsVerticle();
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.of(new UploadsEndpoint());
  }

  @Override
  public List<String> outboxCollections() {
    return List.of("media");
  }
}
