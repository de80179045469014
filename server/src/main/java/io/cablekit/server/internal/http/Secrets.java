package io.cablekit.server.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys derived from the application secret as anycable-go derives them (PROTOCOL.md 1.5, 4.3). */
public final class Secrets {
  private Secrets() {}

  /** {@code hex(HMAC-SHA256(key=secret, msg=phrase))}. */
  public static String derive(String secret, String phrase) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(phrase.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
    }
  }

  /** Compares a presented token with the expected one in constant time. */
  public static boolean matches(String expected, String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the Bearer token of an Authorization header value, or null. */
  public static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String v = authorization.strip();
    return v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).strip() : null;
  }
}
