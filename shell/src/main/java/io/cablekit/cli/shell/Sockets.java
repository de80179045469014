package io.cablekit.cli.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** The shell's named sockets and which one is current. Thread-safe. */
final class Sockets {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, CableSocket> byName = new LinkedHashMap<>();
  private String current;

  /** The first free name of {@code s1}, {@code s2}, ... */
  String nextName() {
    lock.lock();
    try {
      int n = 1;
      while (byName.containsKey("s" + n)) {
        n++;
      }
      return "s" + n;
    } finally {
      lock.unlock();
    }
  }

  boolean has(String name) {
    lock.lock();
    try {
      return byName.containsKey(name);
    } finally {
      lock.unlock();
    }
  }

  /** Whether this very socket is still registered (not closed with {@code close}). */
  boolean holds(CableSocket socket) {
    lock.lock();
    try {
      return byName.get(socket.name()) == socket;
    } finally {
      lock.unlock();
    }
  }

  /** Adds a socket and makes it current. */
  void add(CableSocket socket) {
    lock.lock();
    try {
      byName.put(socket.name(), socket);
      current = socket.name();
    } finally {
      lock.unlock();
    }
  }

  /** The current socket. */
  CableSocket current() throws ShellException {
    lock.lock();
    try {
      if (current == null) {
        throw new ShellException("no socket: connect first (connect [ws://host:port/cable])");
      }
      return byName.get(current);
    } finally {
      lock.unlock();
    }
  }

  /** The current socket, or null. */
  CableSocket currentOrNull() {
    lock.lock();
    try {
      return current == null ? null : byName.get(current);
    } finally {
      lock.unlock();
    }
  }

  /** The socket with this name, or the current one when {@code name} is null. */
  CableSocket get(String name) throws ShellException {
    if (name == null) {
      return current();
    }
    lock.lock();
    try {
      CableSocket s = byName.get(name);
      if (s == null) {
        String closest = Suggestions.closest(name, byName.keySet());
        throw new ShellException("no socket named " + name
            + (closest != null ? "; did you mean " + closest + "?" : byName.isEmpty() ? " (none is open)" : " (sockets: " + String.join(", ", byName.keySet()) + ")"));
      }
      return s;
    } finally {
      lock.unlock();
    }
  }

  void use(String name) throws ShellException {
    CableSocket s = get(name);
    lock.lock();
    try {
      current = s.name();
    } finally {
      lock.unlock();
    }
  }

  /** Removes a socket; the last remaining one becomes current. */
  void remove(CableSocket socket) {
    lock.lock();
    try {
      byName.remove(socket.name());
      if (socket.name().equals(current)) {
        current = byName.isEmpty() ? null : new ArrayList<>(byName.keySet()).get(byName.size() - 1);
      }
    } finally {
      lock.unlock();
    }
  }

  List<CableSocket> all() {
    lock.lock();
    try {
      return List.copyOf(byName.values());
    } finally {
      lock.unlock();
    }
  }

  List<String> names() {
    lock.lock();
    try {
      return List.copyOf(byName.keySet());
    } finally {
      lock.unlock();
    }
  }
}
