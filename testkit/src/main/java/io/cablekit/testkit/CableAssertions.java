package io.cablekit.testkit;

import org.assertj.core.api.Assertions;

/**
 * The entry point of CableKit's assertions. It extends AssertJ's {@link Assertions}, so one static
 * import gives both:
 *
 * <pre>{@code
 * import static io.cablekit.testkit.CableAssertions.*;
 *
 * assertThat(chat).isConfirmed().hasStream("chat_1");
 * assertThat(chat).receives(json("{\"text\":\"hi\"}")).within(Duration.ofSeconds(2));
 * assertThat(cable).broadcastsOn("chat_1").hasCount(1);
 * assertThat(alice).lastReply().setsCstate("locale", "fr");
 * }</pre>
 */
public class CableAssertions extends Assertions {
  protected CableAssertions() {}

  public static CableClientAssert assertThat(CableClient actual) {
    return new CableClientAssert(actual);
  }

  public static SubscriptionAssert assertThat(Subscription actual) {
    return new SubscriptionAssert(actual);
  }

  public static TestCableAssert assertThat(TestCable actual) {
    return new TestCableAssert(actual);
  }

  /** Partial JSON; see {@link Messages#json}. */
  public static Messages.Pattern json(Object partial) {
    return Messages.json(partial);
  }

  /** The whole value; see {@link Messages#exactly}. */
  public static Messages.Pattern exactly(Object value) {
    return Messages.exactly(value);
  }

  /** A string message; see {@link Messages#text}. */
  public static Messages.Pattern text(String value) {
    return Messages.text(value);
  }
}
