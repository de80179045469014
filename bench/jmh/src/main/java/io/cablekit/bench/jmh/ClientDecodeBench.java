package io.cablekit.bench.jmh;

import io.cablekit.protocol.ClientCommand;
import io.cablekit.protocol.ClientCommands;
import io.cablekit.protocol.MalformedFrameException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Decoding one client frame ({@code ClientCommands.decode}): what every incoming message costs. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientDecodeBench {
  @Param({"subscribe", "perform", "ping"})
  public String frame;

  private String text;

  @org.openjdk.jmh.annotations.Setup
  public void setup() {
    text = switch (frame) {
      case "subscribe" -> "{\"command\":\"subscribe\",\"identifier\":\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":42}\"}";
      case "perform" -> "{\"command\":\"message\",\"identifier\":\"{\\\"channel\\\":\\\"ChatChannel\\\",\\\"room\\\":42}\","
          + "\"data\":\"{\\\"action\\\":\\\"speak\\\",\\\"text\\\":\\\"hello everyone, how are you today?\\\"}\"}";
      default -> "{\"command\":\"ping\"}";
    };
  }

  @Benchmark
  public ClientCommand decode() throws MalformedFrameException {
    return ClientCommands.decode(text);
  }
}
