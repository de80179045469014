package io.cablekit.server.support;

import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.RPCGrpc;
import io.cablekit.rpc.Status;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real gRPC AnyCable RPC server for tests, scripted with lambdas. Every call is recorded with
 * its metadata. Can be stopped and restarted on the same port.
 */
public final class TestRpcServer implements AutoCloseable {
  /** A recorded call: the request and the {@code sid}/{@code protov} metadata it carried. */
  public record Call(String method, Object request, String sid, String protov) {
    public ConnectionRequest connect() {
      return (ConnectionRequest) request;
    }

    public CommandMessage command() {
      return (CommandMessage) request;
    }

    public DisconnectRequest disconnect() {
      return (DisconnectRequest) request;
    }
  }

  private static final Metadata.Key<String> SID = Metadata.Key.of("sid", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> PROTOV = Metadata.Key.of("protov", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> CTX_SID = Context.key("sid");
  private static final Context.Key<String> CTX_PROTOV = Context.key("protov");

  private final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final List<Call> history = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Function<Call, ConnectionResponse> onConnect = TestRpcServer::welcome;
  private volatile Function<Call, CommandResponse> onCommand = c -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).build();
  private volatile Function<Call, DisconnectResponse> onDisconnect = c -> DisconnectResponse.newBuilder().setStatus(Status.SUCCESS).build();
  private volatile Server server;
  private int port;

  public static TestRpcServer start() {
    TestRpcServer s = new TestRpcServer();
    s.startOn(0);
    return s;
  }

  /** Ruby's accepted Connect: identifiers {@code {}} and a welcome with the metadata sid. */
  public static ConnectionResponse welcome(Call call) {
    return ConnectionResponse.newBuilder()
        .setStatus(Status.SUCCESS)
        .setIdentifiers("{}")
        .addTransmissions("{\"type\":\"welcome\",\"sid\":\"" + call.sid() + "\"}")
        .build();
  }

  /** Ruby's confirm_subscription transmission for an identifier. */
  public static String confirm(String identifier) {
    return "{\"identifier\":" + io.cablekit.protocol.Json.quote(identifier) + ",\"type\":\"confirm_subscription\"}";
  }

  /** Ruby's reject_subscription transmission for an identifier. */
  public static String reject(String identifier) {
    return "{\"identifier\":" + io.cablekit.protocol.Json.quote(identifier) + ",\"type\":\"reject_subscription\"}";
  }

  public TestRpcServer onConnect(Function<Call, ConnectionResponse> handler) {
    this.onConnect = handler;
    return this;
  }

  public TestRpcServer onCommand(Function<Call, CommandResponse> handler) {
    this.onCommand = handler;
    return this;
  }

  public TestRpcServer onDisconnect(Function<Call, DisconnectResponse> handler) {
    this.onDisconnect = handler;
    return this;
  }

  public int port() {
    return port;
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  /** Waits for the next call of {@code method} ("Connect", "Command", "Disconnect"); fails on timeout. */
  public Call take(String method, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Call c = left > 0 ? calls.poll(left, TimeUnit.NANOSECONDS) : null;
      if (c == null) {
        throw new AssertionError("no " + method + " call within " + timeout.toMillis() + " ms; calls so far: " + history);
      }
      if (c.method().equals(method)) {
        return c;
      }
    }
  }

  /** Returns the next call of any method if one arrives within the timeout, else null. */
  public Call poll(Duration timeout) throws InterruptedException {
    return calls.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Every call recorded so far. */
  public List<Call> history() {
    return new ArrayList<>(history);
  }

  public List<Call> history(String method) {
    return history.stream().filter(c -> c.method().equals(method)).toList();
  }

  public void stop() {
    Server s = server;
    if (s != null) {
      s.shutdownNow();
      try {
        s.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  /** Starts again on the same port after {@link #stop()}. */
  public void restart() {
    startOn(port);
  }

  private void startOn(int requested) {
    ServerInterceptor metadata =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            Context ctx = Context.current().withValue(CTX_SID, headers.get(SID)).withValue(CTX_PROTOV, headers.get(PROTOV));
            return Contexts.interceptCall(ctx, call, headers, next);
          }
        };
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", requested))
              .permitKeepAliveTime(10, TimeUnit.SECONDS)
              .permitKeepAliveWithoutCalls(true)
              .addService(ServerInterceptors.intercept(new Service(), metadata))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getPort();
  }

  @Override
  public void close() {
    stop();
  }

  private final class Service extends RPCGrpc.RPCImplBase {
    private Call record(String method, Object request) {
      Call call = new Call(method, request, CTX_SID.get(), CTX_PROTOV.get());
      history.add(call);
      calls.add(call);
      return call;
    }

    @Override
    public void connect(ConnectionRequest request, StreamObserver<ConnectionResponse> out) {
      respond(out, () -> onConnect.apply(record("Connect", request)));
    }

    @Override
    public void command(CommandMessage request, StreamObserver<CommandResponse> out) {
      respond(out, () -> onCommand.apply(record("Command", request)));
    }

    @Override
    public void disconnect(DisconnectRequest request, StreamObserver<DisconnectResponse> out) {
      respond(out, () -> onDisconnect.apply(record("Disconnect", request)));
    }

    private <T> void respond(StreamObserver<T> out, java.util.function.Supplier<T> reply) {
      try {
        out.onNext(reply.get());
        out.onCompleted();
      } catch (StatusRuntimeException e) {
        out.onError(e);
      }
    }
  }
}
