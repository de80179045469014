package io.cablekit.mock.internal.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which names hold credentials (the Recorder's redaction rule, see {@code Recorder}):
 *
 * <ul>
 *   <li>a header or URL query parameter is secret when its name is {@code authorization}, {@code
 *       cookie} or {@code x-api-token}, or contains {@code token}, {@code secret}, {@code key},
 *       {@code auth}, {@code session} or {@code password} (case-insensitive);
 *   <li>every cookie value is secret, whatever the cookie's name;
 *   <li>a key inside JSON (channel params, perform data, connection identifiers) is secret when one
 *       of its words is {@code token}, {@code secret}, {@code key}, {@code auth}, {@code session},
 *       {@code password} (or a close spelling listed in {@link #JSON_WORDS}), or it ends with
 *       {@code token}, {@code secret} or {@code password}. Words, not substrings, because JSON keys
 *       such as {@code author} or {@code monkey} are ordinary data.
 * </ul>
 */
public final class SecretNames {
  private static final List<String> HEADER_PARTS = List.of("token", "secret", "key", "auth", "session", "password");
  private static final Set<String> HEADER_NAMES = Set.of("authorization", "cookie", "x-api-token");
  static final Set<String> JSON_WORDS =
      Set.of(
          "token", "tokens", "secret", "secrets", "key", "keys", "apikey", "auth", "authorization",
          "authentication", "authtoken", "session", "sessionid", "password", "passwd", "pwd",
          "passphrase", "jwt", "cookie", "cookies", "credential", "credentials", "signature");

  private SecretNames() {}

  /** Whether a forwarded header (or a URL query parameter) with this name carries a secret. */
  public static boolean header(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (HEADER_NAMES.contains(n)) {
      return true;
    }
    for (String part : HEADER_PARTS) {
      if (n.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a URL query parameter with this name carries a secret (the header rule). */
  public static boolean query(String name) {
    return header(name);
  }

  /** Whether a key inside params, data or identifiers carries a secret. */
  public static boolean jsonKey(String key) {
    String flat = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (flat.endsWith("token") || flat.endsWith("secret") || flat.endsWith("password")) {
      return true;
    }
    for (String word : words(key)) {
      if (JSON_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Splits {@code apiKey}, {@code api_key}, {@code X-Api-Key} into lower-case words. */
  static List<String> words(String key) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(word, out);
        continue;
      }
      if (Character.isUpperCase(c) && word.length() > 0 && Character.isLowerCase(key.charAt(i - 1))) {
        flush(word, out);
      }
      word.append(Character.toLowerCase(c));
    }
    flush(word, out);
    return out;
  }

  private static void flush(StringBuilder word, List<String> out) {
    if (word.length() > 0) {
      out.add(word.toString());
      word.setLength(0);
    }
  }
}
