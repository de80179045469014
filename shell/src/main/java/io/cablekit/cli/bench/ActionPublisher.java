package io.cablekit.cli.bench;

import java.io.IOException;
import java.time.Duration;

/**
 * Broadcasts through a channel action: an extra client (not measured) subscribes and performs
 * {@code action} with the stamped payload as its data; the server's channel is expected to
 * broadcast that data to the stream (CableKit's permissive mock does; so does the Rails app under
 * {@code bench/rails}).
 */
final class ActionPublisher implements Publisher {
  private final Clients clients;
  private final Client client;
  private final String identifier;
  private final String action;

  ActionPublisher(Clients clients, String identifier, String action) throws IOException, InterruptedException {
    this.clients = clients;
    this.identifier = identifier;
    this.action = action;
    this.client = clients.publisher(Duration.ofSeconds(15));
  }

  @Override
  public void publish(long seq) {
    String payload = Publisher.payload(seq);
    String data = "{\"action\":" + BenchOptions.quote(action) + "," + payload.substring(1);
    String command = "{\"command\":\"message\",\"identifier\":" + BenchOptions.quote(identifier)
        + ",\"data\":" + BenchOptions.quote(data) + "}";
    clients.send(client, Wire.textFrame(command));
  }

  @Override
  public void close() {}
}
