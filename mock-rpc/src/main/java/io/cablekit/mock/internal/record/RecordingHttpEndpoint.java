package io.cablekit.mock.internal.record;

import static io.cablekit.mock.internal.transport.HttpRpcJson.PRINTER;
import static io.cablekit.mock.internal.transport.HttpRpcJson.UNPROCESSABLE;
import static io.cablekit.mock.internal.transport.HttpRpcJson.parse;
import static io.cablekit.mock.internal.transport.HttpRpcJson.statusFor;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.cablekit.mock.RpcCall;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.server.internal.http.Secrets;
import io.cablekit.server.internal.rpc.RpcMethod;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The recorder's HTTP fronts: HTTP RPC ({@code POST <base>/connect|command|disconnect}, answered
 * like the mock's endpoint; an HTTP RPC upstream's status and body are passed on unchanged) and
 * {@code POST /_broadcast} for the application's broadcasts (anycable-go's HTTP broadcast format;
 * 201 for every POST).
 */
public final class RecordingHttpEndpoint {
  private static final String META = "x-anycable-meta-";

  private final RecordingProxy proxy;
  private final String secret;

  /** @param secret the Bearer secret HTTP RPC callers must present, or null */
  public RecordingHttpEndpoint(RecordingProxy proxy, String secret) {
    this.proxy = proxy;
    this.secret = secret == null || secret.isEmpty() ? null : secret;
  }

  /** Routes HTTP RPC under {@code base} and broadcasts at {@code broadcastPath}. */
  public void register(HttpRules rules, String base, String broadcastPath) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    rules.any(b + "/connect", (req, res) -> rpc(req, res, RpcMethod.CONNECT));
    rules.any(b + "/command", (req, res) -> rpc(req, res, RpcMethod.COMMAND));
    rules.any(b + "/disconnect", (req, res) -> rpc(req, res, RpcMethod.DISCONNECT));
    rules.any(broadcastPath, this::broadcast);
  }

  private void rpc(ServerRequest req, ServerResponse res, RpcMethod method) {
    if (req.prologue().method() != Method.POST) {
      res.status(Status.NOT_FOUND_404).send();
      return;
    }
    String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
    if (secret != null && !Secrets.matches(secret, Secrets.bearer(authorization))) {
      res.status(Status.UNAUTHORIZED_401).send();
      return;
    }
    String body = req.content().as(String.class);
    if (body == null || body.isBlank()) {
      res.status(UNPROCESSABLE).send();
      return;
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (Header h : req.headers()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      if (name.startsWith(META) && name.length() > META.length()) {
        meta.put(name.substring(META.length()), h.get());
      }
    }
    String sid = meta.getOrDefault("sid", "");
    Message request;
    RpcCall call;
    try {
      switch (method) {
        case CONNECT -> {
          ConnectionRequest r = parse(body, ConnectionRequest.newBuilder());
          request = r;
          call = RpcCall.connect(r, sid);
        }
        case COMMAND -> {
          CommandMessage r = parse(body, CommandMessage.newBuilder());
          request = r;
          call = RpcCall.command(r, sid);
        }
        default -> {
          DisconnectRequest r = parse(body, DisconnectRequest.newBuilder());
          request = r;
          call = RpcCall.disconnect(r, sid);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      res.status(UNPROCESSABLE).send("invalid request body: " + e.getMessage());
      return;
    }
    switch (proxy.forward(method, request, call, meta, authorization, null)) {
      case Upstream.Response r -> {
        String text;
        if (r.body() != null) {
          text = r.body();
        } else {
          try {
            text = PRINTER.print(r.message());
          } catch (InvalidProtocolBufferException e) {
            res.status(Status.INTERNAL_SERVER_ERROR_500).send(e.getMessage());
            return;
          }
        }
        res.header("Content-Type", "application/json").send(text.getBytes(StandardCharsets.UTF_8));
      }
      case Upstream.Fault f -> {
        Status status = f.httpStatus() > 0 ? Status.create(f.httpStatus()) : statusFor(f.code());
        res.status(status).send(f.body() != null ? f.body() : f.message());
      }
    }
  }

  private void broadcast(ServerRequest req, ServerResponse res) {
    if (req.prologue().method() != Method.POST) {
      res.status(UNPROCESSABLE).send();
      return;
    }
    String body;
    try {
      body = new String(req.content().inputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (Exception e) {
      res.status(UNPROCESSABLE).send();
      return;
    }
    proxy.broadcast(body);
    res.status(Status.CREATED_201).send();
  }


}
