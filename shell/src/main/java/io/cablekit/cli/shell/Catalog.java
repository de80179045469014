package io.cablekit.cli.shell;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Channel and action names for completion: those of the shell's subscriptions and performs, and
 * those the mock knows (its stubs and the calls in its journal), read at most every few seconds.
 * Never fails: a server without a mock simply adds nothing.
 */
final class Catalog {
  private static final long TTL_NANOS = 3_000_000_000L;

  private final Shell shell;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<String> seenChannels = new TreeSet<>();
  private final Set<String> seenActions = new TreeSet<>();
  private Set<String> mockChannels = Set.of();
  private Set<String> mockActions = Set.of();
  private long fetchedAt;
  private URI fetchedFor;

  Catalog(Shell shell) {
    this.shell = shell;
  }

  /** Channels seen in subscriptions, stubbed, or called on the mock. */
  Set<String> channels() {
    refresh();
    lock.lock();
    try {
      Set<String> all = new TreeSet<>(seenChannels);
      all.addAll(mockChannels);
      for (CableSocket s : shell.sockets().all()) {
        s.subscriptions().keySet().forEach(id -> {
          String c = Targets.channel(id);
          if (c != null) {
            all.add(c);
          }
        });
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** Actions performed here, stubbed, or called on the mock. */
  Set<String> actions() {
    refresh();
    lock.lock();
    try {
      Set<String> all = new TreeSet<>(seenActions);
      all.addAll(mockActions);
      return all;
    } finally {
      lock.unlock();
    }
  }

  void performed(String action) {
    lock.lock();
    try {
      seenActions.add(action);
    } finally {
      lock.unlock();
    }
  }

  private void refresh() {
    CableSocket s = shell.sockets().currentOrNull();
    URI url = s != null ? s.spec().url() : null;
    if (url == null) {
      return;
    }
    lock.lock();
    try {
      if (url.equals(fetchedFor) && System.nanoTime() - fetchedAt < TTL_NANOS) {
        return;
      }
      fetchedFor = url;
      fetchedAt = System.nanoTime();
    } finally {
      lock.unlock();
    }
    Set<String> channels = new TreeSet<>();
    Set<String> actions = new TreeSet<>();
    try {
      String admin = shell.api().mockAdmin(url);
      for (JsonNode stub : shell.api().adminGet(admin, "/stubs").path("stubs")) {
        add(channels, stub.path("match").path("channel"));
        add(actions, stub.path("match").path("action"));
      }
      for (JsonNode call : shell.api().adminGet(admin, "/calls?limit=500").path("calls")) {
        add(channels, call.path("channel"));
        add(actions, call.path("action"));
      }
    } catch (ShellException e) {
      // no mock behind this server: nothing to add
    }
    lock.lock();
    try {
      mockChannels = channels;
      mockActions = actions;
    } finally {
      lock.unlock();
    }
  }

  private static void add(Set<String> into, JsonNode value) {
    if (value.isTextual() && !value.asText().isEmpty()) {
      into.add(value.asText());
    }
  }
}
