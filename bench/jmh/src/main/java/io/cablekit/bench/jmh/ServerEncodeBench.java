package io.cablekit.bench.jmh;

import io.cablekit.protocol.ServerFrames;
import io.cablekit.server.internal.connection.WsFrames;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding one broadcast for delivery, as the hub does once per (stream, identifier): the
 * message value ({@code ServerFrames.messageValue}, which parses the data to embed it verbatim),
 * the channel message and the WebSocket frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServerEncodeBench {
  @Param({"60", "1000"})
  public int dataBytes;

  private String identifier;
  private String data;
  private String message;

  @Setup
  public void setup() {
    identifier = "{\"channel\":\"BenchChannel\"}";
    StringBuilder d = new StringBuilder("{\"t\":1764460800000000,\"seq\":12345,\"text\":\"");
    while (d.length() < dataBytes - 2) {
      d.append('x');
    }
    data = d.append("\"}").toString();
    message = ServerFrames.messageValue(data);
  }

  /** The whole per-publication encoding. */
  @Benchmark
  public byte[] encodeBroadcast() {
    String value = ServerFrames.messageValue(data);
    return WsFrames.text(ServerFrames.channelMessage(identifier, value, null));
  }

  /** Only the frame: channel message and WebSocket header, the message value given. */
  @Benchmark
  public byte[] channelMessageAndFrame() {
    return WsFrames.text(ServerFrames.channelMessage(identifier, message, null));
  }

  /** Only the check that embeds the data verbatim (a JSON parse). */
  @Benchmark
  public String messageValue() {
    return ServerFrames.messageValue(data);
  }
}
