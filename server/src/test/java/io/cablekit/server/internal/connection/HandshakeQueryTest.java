package io.cablekit.server.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The query parameters a handshake reads (pi, ptp, sid), whatever the transport. */
class HandshakeQueryTest {
  @Test
  void parametersArePercentDecodedAndTheFirstOfARepeatedNameWins() {
    assertThat(Handshake.query("pi=1.5&ptp=ms&sid=a%2Bb&pi=9&flag"))
        .containsEntry("pi", "1.5")
        .containsEntry("ptp", "ms")
        .containsEntry("sid", "a+b")
        .containsEntry("flag", "");
  }

  @Test
  void anEmptyOrMissingQueryHasNoParametersAndABadEscapeIsKeptAsSent() {
    assertThat(Handshake.query(null)).isEmpty();
    assertThat(Handshake.query("")).isEmpty();
    assertThat(Handshake.query("&&")).isEmpty();
    assertThat(Handshake.query("sid=%zz")).containsEntry("sid", "%zz");
  }
}
