package dev.creatorhub.gateway.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;

/**
 * A room frame as every socket of this node gets it: its JSON (for transports that frame each write
 * themselves) and, built on first use, the whole WebSocket frame that carries it (binary, as the raw
 * endpoint has always sent). A server's frames are not masked, so those bytes are the same for every
 * socket; each raw WebSocket is handed a view of them instead of encoding, copying and framing the
 * message again.
 */
final class SharedFrame {

  /** Frames are cut from 64 KB blocks of direct memory per thread, not allocated one by one. */
  private static final int BLOCK = 64 * 1024;
  private static final ThreadLocal<ByteBuffer> BLOCKS = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BLOCK));
  private final long seq;
  private final Buffer json;
  private volatile ByteBuf webSocketFrame;

  SharedFrame(long seq, Buffer json) {
    this.seq = seq;
    this.json = json;
  }

  /** The room's sequence number, or -1 for a frame outside the sequence (viewer counts). */
  long seq() {
    return seq;
  }

  Buffer json() {
    return json;
  }

  /** A read view of the final, unmasked binary frame; releasing it (the channel does, once written) frees nothing. */
  ByteBuf webSocketFrame() {
    ByteBuf frame = webSocketFrame;
    if (frame == null) {
      frame = binaryFrame(json); // two loops may both build it: the same bytes, and no lock on the hot path
      webSocketFrame = frame;
    }
    return frame.duplicate();
  }

  /**
   * RFC 6455 §5.2: FIN + binary opcode, the payload length in 7, 16 or 64 bits, no mask, the payload.
   * The memory is the JVM's (a block is freed by the garbage collector once no frame cut from it is
   * referenced), so no socket's release can free it.
   */
  static ByteBuf binaryFrame(Buffer payload) {
    byte[] bytes = payload.getBytes();
    int length = bytes.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuffer frame = memory(header + length);
    frame.put((byte) 0x82);
    if (length < 126) {
      frame.put((byte) length);
    } else if (length <= 0xFFFF) {
      frame.put((byte) 126).putShort((short) length);
    } else {
      frame.put((byte) 127).putLong(length);
    }
    frame.put(bytes).flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame));
  }

  private static ByteBuffer memory(int size) {
    if (size > BLOCK / 4) {
      return ByteBuffer.allocateDirect(size);
    }
    ByteBuffer block = BLOCKS.get();
    if (block.remaining() < size) {
      block = ByteBuffer.allocateDirect(BLOCK);
      BLOCKS.set(block);
    }
    ByteBuffer frame = block.slice(block.position(), size);
    block.position(block.position() + size);
    return frame;
  }
}
