package io.cablekit.mock;

import java.util.Locale;

/** What an RPC call is about: Connect, one of the three Command kinds, or Disconnect. */
public enum Kind {
  CONNECT,
  SUBSCRIBE,
  UNSUBSCRIBE,
  PERFORM,
  DISCONNECT;

  /** The name used in stub files and reports: {@code connect}, {@code subscribe}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a label ({@code perform} also accepts {@code message}, the wire command name). */
  public static Kind parse(String label) {
    String l = label.strip().toLowerCase(Locale.ROOT);
    if (l.equals("message")) {
      return PERFORM;
    }
    for (Kind k : values()) {
      if (k.label().equals(l)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown call kind \"" + label + "\"; expected connect, subscribe, unsubscribe, perform or disconnect");
  }

  /** Whether this kind is an RPC Command. */
  public boolean isCommand() {
    return this == SUBSCRIBE || this == UNSUBSCRIBE || this == PERFORM;
  }
}
