package io.cablekit.testkit;

import io.cablekit.mock.Count;
import io.cablekit.mock.RequestPattern;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link TestCable}: publications to streams and calls the mock RPC received. */
public final class TestCableAssert extends AbstractAssert<TestCableAssert, TestCable> {
  TestCableAssert(TestCable actual) {
    super(actual, TestCableAssert.class);
  }

  /** The publications to {@code stream}, from the server's journal. */
  public BroadcastsAssert broadcastsOn(String stream) {
    isNotNull();
    return new BroadcastsAssert(actual, stream, Duration.ZERO);
  }

  /** The mock received calls matching {@code pattern}, {@code count} of them. */
  public TestCableAssert received(Count count, RequestPattern pattern) {
    isNotNull();
    actual.rpc().verify(count, pattern);
    return this;
  }

  /** Waits up to {@code timeout} for the calls (a Disconnect after a close, say). */
  public TestCableAssert receivedWithin(Duration timeout, Count count, RequestPattern pattern) {
    isNotNull();
    actual.rpc().verifyWithin(timeout, count, pattern);
    return this;
  }
}
