package io.cablekit.mock.record;

import com.fasterxml.jackson.databind.JsonNode;
import io.cablekit.protocol.Json;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.Status;
import io.cablekit.server.support.TestRpcServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A tiny chat application behind a real gRPC AnyCable RPC server (the server test-jar's {@link
 * TestRpcServer}), answering as the Ruby RPC does (PROTOCOL.md 2.9): cookie sessions identify
 * users; {@code ChatChannel} streams {@code chat_<room>}, greets on subscribe and counts in its
 * channel state; {@code speak} broadcasts over HTTP, out of band, like a Rails app.
 */
public final class GrpcChatApp implements AutoCloseable {
  /** Session cookie values and the users they belong to: the credentials. */
  public static final Map<String, String> SESSIONS = Map.of("s3cr3t-alice-6c1f0e", "alice", "s3cr3t-bob-93ad27", "bob");

  private final TestRpcServer server = TestRpcServer.start();
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile String broadcastUrl;

  public GrpcChatApp() {
    server.onConnect(this::connect).onCommand(this::command)
        .onDisconnect(c -> DisconnectResponse.newBuilder().setStatus(Status.SUCCESS).build());
  }

  public String target() {
    return server.target();
  }

  public TestRpcServer server() {
    return server;
  }

  /** Where {@code speak} posts its broadcasts (anycable-go's HTTP broadcast endpoint, or a recorder's). */
  public void broadcastTo(String url) {
    broadcastUrl = url;
  }

  private ConnectionResponse connect(TestRpcServer.Call call) {
    String user = null;
    String cookies = call.connect().getEnv().getHeadersOrDefault("cookie", "");
    for (String pair : cookies.split(";")) {
      String p = pair.strip();
      if (p.startsWith("_chat_session=")) {
        user = SESSIONS.get(p.substring("_chat_session=".length()));
      }
    }
    if (user == null) {
      return ConnectionResponse.newBuilder().setStatus(Status.FAILURE)
          .addTransmissions("{\"type\":\"disconnect\",\"reason\":\"unauthorized\",\"reconnect\":false}").build();
    }
    return ConnectionResponse.newBuilder().setStatus(Status.SUCCESS)
        .setIdentifiers("{\"user\":\"" + user + "\"}")
        .addTransmissions("{\"type\":\"welcome\",\"sid\":\"" + call.sid() + "\"}")
        .setEnv(EnvResponse.newBuilder().putCstate("visits", "1"))
        .build();
  }

  private CommandResponse command(TestRpcServer.Call call) {
    CommandMessage m = call.command();
    String id = m.getIdentifier();
    JsonNode identifier = parse(id);
    String user = parse(m.getConnectionIdentifiers()).path("user").asText();
    String channel = identifier.path("channel").asText();
    CommandResponse.Builder out = CommandResponse.newBuilder().setStatus(Status.SUCCESS);
    if (!channel.equals("ChatChannel") && !channel.equals("MarkerChannel")) {
      return out.setStatus(Status.ERROR).setErrorMsg("Channel not found: " + channel).build();
    }
    String room = identifier.path("room").asText();
    switch (m.getCommand()) {
      case "subscribe" -> {
        if (channel.equals("ChatChannel")) {
          if (room.isEmpty()) {
            return out.setStatus(Status.FAILURE).setStopStreams(true).addTransmissions(TestRpcServer.reject(id)).build();
          }
          out.addStreams("chat_" + room)
              .addTransmissions(message(id, "{\"type\":\"hello\",\"user\":\"" + user + "\",\"room\":\"" + room + "\"}"))
              .setEnv(EnvResponse.newBuilder().putIstate("count", "0"));
        }
        out.addTransmissions(TestRpcServer.confirm(id));
      }
      case "unsubscribe" -> out.setStopStreams(true);
      default -> {
        JsonNode data = parse(m.getData());
        switch (data.path("action").asText()) {
          case "speak" -> broadcast("chat_" + room,
              "{\"user\":\"" + user + "\",\"text\":" + Json.quote(data.path("text").asText()) + "}");
          case "count" -> {
            int n = Integer.parseInt(m.getEnv().getIstateOrDefault("count", "0")) + 1;
            out.addTransmissions(message(id, "{\"count\":" + n + "}"))
                .setEnv(EnvResponse.newBuilder().putIstate("count", String.valueOf(n)));
          }
          default -> out.setStatus(Status.ERROR).setErrorMsg("Unknown action");
        }
      }
    }
    return out.build();
  }

  private static String message(String identifier, String json) {
    return "{\"identifier\":" + Json.quote(identifier) + ",\"message\":" + json + "}";
  }

  private void broadcast(String stream, String data) {
    String body = "{\"stream\":" + Json.quote(stream) + ",\"data\":" + Json.quote(data) + "}";
    try {
      HttpResponse<Void> res = http.send(
          HttpRequest.newBuilder(URI.create(broadcastUrl)).timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.discarding());
      if (res.statusCode() != 201) {
        throw new IllegalStateException("broadcast answered " + res.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("broadcast failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String text) {
    try {
      JsonNode n = Json.MAPPER.readTree(text == null || text.isEmpty() ? "{}" : text);
      return n == null ? Json.MAPPER.createObjectNode() : n;
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  @Override
  public void close() {
    server.close();
    http.close();
  }
}
