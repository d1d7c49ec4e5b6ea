package dev.creatorhub.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real server that a test can freeze (bytes stop flowing both ways, as
 * when the server is SIGSTOPped) and kill (every connection closed, new ones refused, as when the
 * server died) and then bring back. Faults without stopping a server other tests share.
 */
public final class FreezableProxy implements AutoCloseable {

  private final int target;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean frozen;
  private volatile boolean dead;

  public FreezableProxy(int targetPort) throws Exception {
    this.target = targetPort;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "proxy-accept-" + targetPort);
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public void freeze() {
    frozen = true;
  }

  /** Closes every connection and refuses new ones until {@link #revive()}. */
  public void kill() {
    dead = true;
    sockets.forEach(FreezableProxy::closeQuietly);
    sockets.clear();
  }

  public void revive() {
    dead = false;
    synchronized (this) {
      frozen = false;
      notifyAll();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (dead) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2000);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (Exception e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          synchronized (this) {
            while (frozen) {
              wait();
            }
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (Exception e) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (Exception ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws Exception {
    revive();
    server.close();
    kill();
  }
}
