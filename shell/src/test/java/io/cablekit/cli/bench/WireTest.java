package io.cablekit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheStampOfADeliveryWithoutDecodingIt() {
    byte[] m = b("{\"identifier\":\"{\\\"channel\\\":\\\"BenchChannel\\\"}\",\"message\":{\"t\":1764460800123456,\"seq\":42}}");
    assertThat(Wire.numberAfter(m, 0, m.length, Wire.T_KEY)).isEqualTo(1764460800123456L);
    assertThat(Wire.numberAfter(m, 0, m.length, Wire.SEQ_KEY)).isEqualTo(42);
  }

  @Test
  void findsNoStampInControlMessages() {
    for (String s : new String[] {
      "{\"type\":\"welcome\",\"sid\":\"abc\"}", "{\"type\":\"ping\",\"message\":1764460800}",
      "{\"identifier\":\"{\\\"t\\\":1}\",\"type\":\"confirm_subscription\"}"}) {
      byte[] m = b(s);
      assertThat(Wire.numberAfter(m, 0, m.length, Wire.T_KEY)).as(s).isEqualTo(Wire.ABSENT);
    }
  }

  @Test
  void classifiesMessagesOfBothServersByType() {
    assertThat(kind("{\"type\":\"welcome\"}")).isEqualTo(Wire.Kind.WELCOME);
    // Rails puts the identifier first, AnyCable the type
    assertThat(kind("{\"identifier\":\"{}\",\"type\":\"confirm_subscription\"}")).isEqualTo(Wire.Kind.CONFIRM);
    assertThat(kind("{\"type\":\"confirm_subscription\",\"identifier\":\"{}\"}")).isEqualTo(Wire.Kind.CONFIRM);
    assertThat(kind("{\"type\":\"reject_subscription\",\"identifier\":\"{}\"}")).isEqualTo(Wire.Kind.REJECT);
    assertThat(kind("{\"type\":\"disconnect\",\"reason\":\"server_restart\"}")).isEqualTo(Wire.Kind.DISCONNECT);
    assertThat(kind("{\"message\":1}")).isEqualTo(Wire.Kind.OTHER);
  }

  private static Wire.Kind kind(String s) {
    byte[] m = b(s);
    return Wire.kind(m, 0, m.length);
  }

  @Test
  void masksClientFrames() {
    byte[] frame = Wire.textFrame("hello");
    assertThat(frame[0] & 0xFF).isEqualTo(0x81);
    assertThat(frame[1] & 0xFF).isEqualTo(0x80 | 5);
    byte[] unmasked = new byte[5];
    for (int i = 0; i < 5; i++) {
      unmasked[i] = (byte) (frame[6 + i] ^ frame[2 + (i & 3)]);
    }
    assertThat(new String(unmasked, StandardCharsets.UTF_8)).isEqualTo("hello");
  }

  @Test
  void usesTheSixteenBitLengthForMediumFrames() {
    byte[] frame = Wire.clientFrame(1, new byte[300]);
    assertThat(frame[1] & 0x7F).isEqualTo(126);
    assertThat(((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF)).isEqualTo(300);
    assertThat(frame).hasSize(4 + 4 + 300);
  }

  @Test
  void checksTheUpgradeResponse() {
    String key = "dGhlIHNhbXBsZSBub25jZQ==";
    // RFC 6455 1.3's example
    assertThat(Wire.accept(key)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    assertThat(Wire.checkUpgrade("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", key)).isNull();
    assertThat(Wire.checkUpgrade("HTTP/1.1 403 Forbidden\r\nContent-Length: 0", key)).isEqualTo("upgrade refused: HTTP/1.1 403 Forbidden");
    assertThat(Wire.checkUpgrade("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: x", key)).isEqualTo("wrong Sec-WebSocket-Accept");
  }

  @Test
  void writesTheUpgradeRequestWithTheOfferedProtocol() {
    String request = new String(Wire.upgradeRequest(URI.create("ws://localhost:8080/cable?token=1"), "k", "actioncable-v1-json"),
        StandardCharsets.US_ASCII);
    assertThat(request).startsWith("GET /cable?token=1 HTTP/1.1\r\nHost: localhost:8080\r\n")
        .contains("Sec-WebSocket-Protocol: actioncable-v1-json\r\n").endsWith("\r\n\r\n");
  }
}
