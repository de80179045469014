package io.cablekit.testkit;

import io.cablekit.server.CableServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Opens test clients to one server and closes them all at the end of the test. Thread-safe.
 *
 * <pre>{@code
 * CableClient alice = clients.connect();                                   // welcomed
 * CableClient bob = clients.connect(ConnectOptions.defaults().cookie("uid", "7"));
 * CableClient rejected = clients.connecting(ConnectOptions.defaults());   // no wait
 * }</pre>
 */
public final class CableClients implements AutoCloseable {
  private final CableServer server;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<CableClient> open = new ArrayList<>();

  CableClients(CableServer server) {
    this.server = server;
  }

  /** Connects and waits for the welcome; fails with what arrived instead. */
  public CableClient connect() {
    return connect(ConnectOptions.defaults());
  }

  /** Connects with options and waits for the welcome. */
  public CableClient connect(ConnectOptions options) {
    CableClient client = connecting(options);
    client.awaitWelcome();
    return client;
  }

  /** Connects without waiting for the welcome (to test rejected connections). */
  public CableClient connecting(ConnectOptions options) {
    CableClient client = CableClient.open(url(options), options, server);
    lock.lock();
    try {
      open.add(client);
    } finally {
      lock.unlock();
    }
    return client;
  }

  private URI url(ConnectOptions options) {
    URI base = server.url();
    String path = options.path() == null ? base.getRawPath() : options.path();
    StringBuilder query = new StringBuilder();
    options.query().forEach((k, v) -> query.append(query.isEmpty() ? "" : "&")
        .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
        .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
    return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path + (query.isEmpty() ? "" : "?" + query));
  }

  /** The clients opened so far and not closed by this object. */
  public List<CableClient> all() {
    lock.lock();
    try {
      return List.copyOf(open);
    } finally {
      lock.unlock();
    }
  }

  /** Closes every client opened through this object. */
  @Override
  public void close() {
    List<CableClient> clients;
    lock.lock();
    try {
      clients = List.copyOf(open);
      open.clear();
    } finally {
      lock.unlock();
    }
    clients.forEach(CableClient::close);
  }
}
