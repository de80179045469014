package io.cablekit.samples.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cablekit.rpc.CommandMessage;
import io.cablekit.rpc.CommandResponse;
import io.cablekit.rpc.ConnectionRequest;
import io.cablekit.rpc.ConnectionResponse;
import io.cablekit.rpc.DisconnectRequest;
import io.cablekit.rpc.DisconnectResponse;
import io.cablekit.rpc.EnvResponse;
import io.cablekit.rpc.RPCGrpc;
import io.cablekit.rpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The chat application's side of AnyCable RPC, as a Rails app's {@code ApplicationCable::Connection}
 * and {@code ChatChannel} would answer: users are identified by their {@code uid} cookie; {@code
 * ChatChannel} streams from {@code chat_<room>} and keeps the room in its channel state; the
 * {@code away} and {@code back} actions set and clear a {@code status} there.
 */
final class ChatRpc extends RPCGrpc.RPCImplBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void connect(ConnectionRequest request, StreamObserver<ConnectionResponse> out) {
    String uid = cookie(request.getEnv().getHeadersMap().getOrDefault("cookie", ""), "uid");
    ConnectionResponse.Builder reply = ConnectionResponse.newBuilder();
    if (uid == null) {
      reply.setStatus(Status.FAILURE)
          .addTransmissions(json(Map.of("type", "disconnect", "reason", "unauthorized", "reconnect", false)));
    } else {
      reply.setStatus(Status.SUCCESS)
          .setIdentifiers(json(Map.of("user", uid)))
          .addTransmissions(json(Map.of("type", "welcome", "sid", ChatApp.SID.get())));
    }
    respond(out, reply.build());
  }

  @Override
  public void command(CommandMessage request, StreamObserver<CommandResponse> out) {
    CommandResponse.Builder reply =
        switch (request.getCommand()) {
          case "subscribe" -> subscribe(request.getIdentifier());
          case "message" -> perform(request);
          case "unsubscribe" -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).setStopStreams(true);
          default -> CommandResponse.newBuilder().setStatus(Status.ERROR).setErrorMsg("unknown command");
        };
    respond(out, reply.build());
  }

  @Override
  public void disconnect(DisconnectRequest request, StreamObserver<DisconnectResponse> out) {
    respond(out, DisconnectResponse.newBuilder().setStatus(Status.SUCCESS).build());
  }

  private static CommandResponse.Builder subscribe(String identifier) {
    JsonNode id = parse(identifier);
    String room = id.path("room").asText();
    if (!id.path("channel").asText().equals("ChatChannel") || room.isEmpty()) {
      return CommandResponse.newBuilder()
          .setStatus(Status.FAILURE)
          .setStopStreams(true)
          .addTransmissions(json(Map.of("identifier", identifier, "type", "reject_subscription")));
    }
    return CommandResponse.newBuilder()
        .setStatus(Status.SUCCESS)
        .addStreams("chat_" + room)
        .setEnv(EnvResponse.newBuilder().putIstate("room", room))
        .addTransmissions(json(Map.of("identifier", identifier, "type", "confirm_subscription")));
  }

  private static CommandResponse.Builder perform(CommandMessage request) {
    String room = request.getEnv().getIstateMap().getOrDefault("room", "");
    return switch (parse(request.getData()).path("action").asText()) {
      case "away" -> CommandResponse.newBuilder()
          .setStatus(Status.SUCCESS)
          .setEnv(EnvResponse.newBuilder().putIstate("status", "away"))
          .addTransmissions(json(Map.of("identifier", request.getIdentifier(), "message", Map.of("status", "away", "room", room))));
      // an empty value removes the key from the channel state
      case "back" -> CommandResponse.newBuilder().setStatus(Status.SUCCESS).setEnv(EnvResponse.newBuilder().putIstate("status", ""));
      default -> CommandResponse.newBuilder().setStatus(Status.ERROR).setErrorMsg("unknown action");
    };
  }

  private static String cookie(String header, String name) {
    for (String pair : header.split(";")) {
      String[] kv = pair.strip().split("=", 2);
      if (kv.length == 2 && kv[0].equals(name) && !kv[1].isEmpty()) {
        return kv[1];
      }
    }
    return null;
  }

  private static <T> void respond(StreamObserver<T> out, T reply) {
    out.onNext(reply);
    out.onCompleted();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text.isEmpty() ? "{}" : text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
