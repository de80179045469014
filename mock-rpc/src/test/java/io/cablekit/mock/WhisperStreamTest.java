package io.cablekit.mock;

import static io.cablekit.mock.Replies.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.Env;
import io.cablekit.rpc.RPCGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ruby's stop_stream_from clears the whisper stream ($w) it stops (PROTOCOL.md 2.9). */
class WhisperStreamTest {
  static final String CHAT = "{\"channel\":\"ChatChannel\"}";
  MockRpc mock;
  ManagedChannel channel;

  @BeforeEach
  void start() {
    mock = MockRpc.start(MockRpcConfig.builder().mode(Mode.STRICT).build());
    channel = NettyChannelBuilder.forTarget(mock.target()).usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    mock.close();
  }

  CommandResponse perform(String action, String whisperStream) {
    Env.Builder env = Env.newBuilder().setUrl("http://localhost/cable");
    if (whisperStream != null) {
      env.putIstate("$w", whisperStream);
    }
    return RPCGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .command(CommandMessage.newBuilder().setCommand("message").setIdentifier(CHAT)
            .setData("{\"action\":\"" + action + "\"}").setEnv(env).build());
  }

  @Test
  void stoppingTheWhisperStreamRemovesWhisperState() {
    mock.onPerform("ChatChannel", "leave").reply(ok().stopStream("chat"));
    CommandResponse reply = perform("leave", "chat");
    assertThat(reply.getStoppedStreamsList()).containsExactly("chat");
    assertThat(reply.getEnv().getIstateMap()).containsExactly(java.util.Map.entry("$w", ""));
  }

  @Test
  void stoppingAnotherStreamOrSettingWhisperStateExplicitlyLeavesItAlone() {
    mock.onPerform("ChatChannel", "mute").reply(ok().stopStream("lobby"));
    mock.onPerform("ChatChannel", "move").reply(ok().stopStream("chat").streamFrom("chat2").istate("$w", "chat2"));
    assertThat(perform("mute", "chat").hasEnv()).isFalse();
    assertThat(perform("move", "chat").getEnv().getIstateMap()).containsExactly(java.util.Map.entry("$w", "chat2"));
    assertThat(perform("mute", null).hasEnv()).isFalse();
  }
}
