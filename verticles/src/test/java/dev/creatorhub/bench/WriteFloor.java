package dev.creatorhub.bench;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): the kernel's floor under a delivery on this machine. No WebSocket, no
 * Netty, no allocation: one thread writes the same 200-byte frame (a room frame's size) to every
 * one of N loopback TCP sockets, {@code rate} times a second, and reports its own process CPU per
 * write. A loopback write also runs the receiving side's TCP stack in the writer's time, so this is
 * what any server on this machine pays per delivery before doing anything of its own.
 *
 * <pre>
 * WriteFloor server &lt;port&gt; &lt;sockets&gt; &lt;rate&gt; &lt;seconds&gt;   (pin it to the server's core)
 * WriteFloor client &lt;port&gt; &lt;sockets&gt;                    (pin it to the other core; reads and discards)
 * </pre>
 */
public final class WriteFloor {

  private WriteFloor() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    int sockets = Integer.parseInt(args[2]);
    if (args[0].equals("client")) {
      read(port, sockets);
    } else {
      write(port, sockets, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    }
  }

  private static void write(int port, int count, int rate, int seconds) throws Exception {
    List<SocketChannel> sockets = new ArrayList<>();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
      while (sockets.size() < count) {
        SocketChannel socket = server.accept();
        socket.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        sockets.add(socket);
      }
    }
    ByteBuffer frame = ByteBuffer.allocateDirect(200);
    while (frame.hasRemaining()) {
      frame.put((byte) 'x');
    }
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 0; round < 2; round++) { // the first round warms up
      long cpuFrom = os.getProcessCpuTime();
      long start = System.nanoTime();
      long writes = 0;
      for (long n = 0; n < (long) rate * seconds; n++) {
        long wait = start + n * 1_000_000_000L / rate - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        for (SocketChannel socket : sockets) {
          socket.write(frame.duplicate().rewind());
          writes++;
        }
      }
      double cpu = (os.getProcessCpuTime() - cpuFrom) / 1e3;
      double wall = (System.nanoTime() - start) / 1e9;
      System.out.printf("%s %d sockets x %d/s: %d writes, cpu %.1f%%, %.2f us/write%n", round == 0 ? "warm-up" : "floor",
          count, rate, writes, cpu / 1e4 / wall, cpu / writes);
    }
    for (SocketChannel socket : sockets) {
      socket.close();
    }
  }

  private static void read(int port, int count) throws Exception {
    Selector selector = Selector.open();
    for (int i = 0; i < count; i++) {
      SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      socket.configureBlocking(false);
      socket.register(selector, SelectionKey.OP_READ);
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
    int open = count;
    while (open > 0) {
      selector.select();
      for (SelectionKey key : selector.selectedKeys()) {
        buffer.clear();
        if (((SocketChannel) key.channel()).read(buffer) < 0) {
          key.cancel();
          key.channel().close();
          open--;
        }
      }
      selector.selectedKeys().clear();
    }
  }
}
