package dev.creatorhub.gateway.bridge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The frame written to raw WebSockets as it is: what a client's decoder reads back, at every length encoding. */
class SharedFrameTest {

  @Test
  void aClientDecodesTheSharedBytesAsOneBinaryFrameWithThePayloadAtEveryLengthEncoding() {
    for (int length : new int[] {0, 125, 126, 65_535, 65_536, 200_000}) {
      String text = "é".repeat(length / 2) + "x".repeat(length % 2);
      SharedFrame frame = new SharedFrame(7, Buffer.buffer(text));
      EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
          .expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
      client.writeInbound(frame.webSocketFrame());
      client.writeInbound(frame.webSocketFrame()); // a second socket's view reads the same bytes from the start
      for (int i = 0; i < 2; i++) {
        BinaryWebSocketFrame received = client.readInbound();
        assertThat(received.isFinalFragment()).isTrue();
        assertThat(received.rsv()).isZero();
        assertThat(received.content().toString(StandardCharsets.UTF_8)).as("length %d", length).isEqualTo(text);
        received.release();
      }
      assertThat((Object) client.readInbound()).isNull();
    }
  }

  @Test
  void releasingAViewAsTheChannelDoesAfterAWriteFreesNothing() {
    SharedFrame frame = new SharedFrame(-1, Buffer.buffer("{\"type\":\"rec\"}"));
    ByteBuf view = frame.webSocketFrame();
    view.release();
    view.release();
    assertThat(frame.webSocketFrame().readableBytes()).isEqualTo(2 + 14);
  }
}
