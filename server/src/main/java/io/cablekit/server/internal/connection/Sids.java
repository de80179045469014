package io.cablekit.server.internal.connection;

import java.security.SecureRandom;

/** Session ids: 21-character nanoids over the URL-safe alphabet, as anycable-go makes them. */
final class Sids {
  private static final char[] ALPHABET =
      "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sids() {}

  static String next() {
    byte[] bytes = new byte[21];
    RANDOM.nextBytes(bytes);
    char[] out = new char[21];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[bytes[i] & 63];
    }
    return new String(out);
  }
}
