package io.cablekit.server.internal.connection;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * anycable-go's origin check (PROTOCOL.md 3.1): with no allowed origins every request passes;
 * otherwise the Origin header's host, port included, must equal an entry or end with the suffix
 * of a {@code *.} entry. A request without Origin fails.
 */
final class OriginPolicy {
  private final List<String> allowed;

  OriginPolicy(List<String> allowed) {
    this.allowed = allowed.stream().map(OriginPolicy::hostOf).toList();
  }

  boolean allows(String origin) {
    if (allowed.isEmpty()) {
      return true;
    }
    if (origin == null || origin.isBlank()) {
      return false;
    }
    String host = hostOf(origin);
    for (String entry : allowed) {
      if (entry.startsWith("*")) {
        if (host.endsWith(entry.substring(1))) {
          return true;
        }
      } else if (host.equals(entry)) {
        return true;
      }
    }
    return false;
  }

  /** Lower-cased host[:port] of an origin URL or of a bare host entry. */
  private static String hostOf(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    int scheme = v.indexOf("://");
    if (scheme >= 0) {
      try {
        URI uri = URI.create(v);
        if (uri.getRawAuthority() != null) {
          return uri.getRawAuthority();
        }
      } catch (IllegalArgumentException e) {
        v = v.substring(scheme + 3);
      }
    }
    int slash = v.indexOf('/');
    return slash >= 0 ? v.substring(0, slash) : v;
  }
}
