package io.cablekit.samples.contract;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The application under contract: {@link ChatRpc} served by grpc-java on a free loopback port, in
 * the place of {@code bundle exec anycable} or a JVM application's RPC server.
 */
final class ChatApp implements AutoCloseable {
  /** The session id, which the WebSocket server sends as {@code sid} metadata with every call. */
  static final Context.Key<String> SID = Context.key("sid");

  private static final Metadata.Key<String> SID_METADATA = Metadata.Key.of("sid", Metadata.ASCII_STRING_MARSHALLER);

  private final Server server;

  private ChatApp(Server server) {
    this.server = server;
  }

  static ChatApp start() {
    try {
      return new ChatApp(
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(ServerInterceptors.intercept(new ChatRpc(), new SidInterceptor()))
              .build()
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the chat app's RPC server", e);
    }
  }

  /** The value for {@code cablekit.rpc_host}: {@code 127.0.0.1:<port>}. */
  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes the {@code sid} metadata available to the service as {@link #SID}. */
  private static final class SidInterceptor implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      return Contexts.interceptCall(Context.current().withValue(SID, headers.get(SID_METADATA)), call, headers, next);
    }
  }
}
