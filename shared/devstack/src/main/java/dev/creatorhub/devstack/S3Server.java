package dev.creatorhub.devstack;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A real S3-protocol server (S3Proxy) storing objects in a local folder, for dev and tests. */
public final class S3Server implements AutoCloseable {

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final int port;

  private S3Server(S3Proxy proxy, BlobStoreContext context, int port) {
    this.proxy = proxy;
    this.context = context;
    this.port = port;
  }

  public static S3Server start(Path dir, int port, String identity, String credential) throws Exception {
    Files.createDirectories(dir);
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
        .credentials(identity, credential)
        .overrides(properties)
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
        .build();
    proxy.start();
    long deadline = System.currentTimeMillis() + 15_000;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(20);
    }
    return new S3Server(proxy, context, proxy.getPort());
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
