package io.cablekit.mock.internal.transport;

import static io.cablekit.mock.internal.transport.HttpRpcJson.PRINTER;
import static io.cablekit.mock.internal.transport.HttpRpcJson.UNPROCESSABLE;
import static io.cablekit.mock.internal.transport.HttpRpcJson.parse;
import static io.cablekit.mock.internal.transport.HttpRpcJson.statusFor;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cablekit.mock.RpcCall;
import io.cablekit.mock.internal.dispatch.Answer;
import io.cablekit.mock.internal.dispatch.Dispatcher;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.server.internal.http.Secrets;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * AnyCable's HTTP RPC (PROTOCOL.md 1.5), as the Ruby {@code AnyCable::HTTRPC::Server} answers it:
 * {@code POST <base>/connect|command|disconnect} with JSON in proto field names and integer
 * enums; 404 for other methods or paths, 401 for a wrong Bearer secret, 422 for an empty or
 * invalid body. A fault stub's gRPC code becomes the HTTP status anycable-go maps back to it.
 */
public final class HttpRpcEndpoint {

  private final Dispatcher dispatcher;
  private final String secret;

  /** @param secret the Bearer secret to require, or null */
  public HttpRpcEndpoint(Dispatcher dispatcher, String secret) {
    this.dispatcher = dispatcher;
    this.secret = secret == null || secret.isEmpty() ? null : secret;
  }

  /** Routes {@code base + /connect|command|disconnect}. */
  public void register(HttpRules rules, String base) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    rules.any(b + "/connect", (req, res) -> handle(req, res, "connect"));
    rules.any(b + "/command", (req, res) -> handle(req, res, "command"));
    rules.any(b + "/disconnect", (req, res) -> handle(req, res, "disconnect"));
  }

  private void handle(ServerRequest req, ServerResponse res, String method) {
    if (req.prologue().method() != Method.POST) {
      res.status(Status.NOT_FOUND_404).send();
      return;
    }
    if (secret != null) {
      String token = Secrets.bearer(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
      if (!Secrets.matches(secret, token)) {
        res.status(Status.UNAUTHORIZED_401).send();
        return;
      }
    }
    String body = req.content().as(String.class);
    if (body == null || body.isBlank()) {
      res.status(UNPROCESSABLE).send();
      return;
    }
    String sid = req.headers().first(HeaderNames.create("X-Anycable-Meta-Sid")).orElse("");
    RpcCall call;
    try {
      call = switch (method) {
        case "connect" -> RpcCall.connect(parse(body, ConnectionRequest.newBuilder()), sid);
        case "command" -> RpcCall.command(parse(body, CommandMessage.newBuilder()), sid);
        default -> RpcCall.disconnect(parse(body, DisconnectRequest.newBuilder()), sid);
      };
    } catch (InvalidProtocolBufferException e) {
      res.status(UNPROCESSABLE).send("invalid request body: " + e.getMessage());
      return;
    }
    switch (dispatcher.handle(call)) {
      case Answer.Response r -> {
        try {
          res.header("Content-Type", "application/json").send(PRINTER.print(r.message()).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
          res.status(Status.INTERNAL_SERVER_ERROR_500).send(e.getMessage());
        }
      }
      case Answer.Fault f -> res.status(statusFor(f.code())).send(f.message());
    }
  }


}
