package io.cablekit.testkit;

import io.cablekit.server.JournalEvent;
import io.cablekit.server.StateDiff;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one RPC reply a connection received and what applying it changed: state keys
 * added, changed or removed; streams added or removed; transmissions; status.
 */
public final class RpcReplyAssert extends AbstractAssert<RpcReplyAssert, JournalEvent.RpcReply> {
  RpcReplyAssert(JournalEvent.RpcReply actual) {
    super(actual, RpcReplyAssert.class);
  }

  private String what() {
    return actual.method() + (actual.command() == null ? "" : " " + actual.command() + " " + actual.identifier());
  }

  public RpcReplyAssert hasStatus(String status) {
    if (!status.equals(actual.status())) {
      failWithActualExpectedAndMessage(actual.status(), status, "Expecting the reply to %s to have status:%n  %s%nbut was:%n  %s%s",
          what(), status, actual.status(), actual.errorMsg().isEmpty() ? "" : " (" + actual.errorMsg() + ")");
    }
    return this;
  }

  /** The reply set connection-state {@code key} to {@code value} (added or changed). */
  public RpcReplyAssert setsCstate(String key, String value) {
    return sets("connection state", actual.cstate(), key, value);
  }

  /** The reply added connection-state {@code key} (it was absent). */
  public RpcReplyAssert addsCstate(String key, String value) {
    return adds("connection state", actual.cstate(), key, value);
  }

  /** The reply changed an existing connection-state {@code key} to {@code value}. */
  public RpcReplyAssert changesCstate(String key, String value) {
    return changes("connection state", actual.cstate(), key, value);
  }

  /** The reply removed connection-state {@code key}. */
  public RpcReplyAssert removesCstate(String key) {
    return removes("connection state", actual.cstate(), key);
  }

  public RpcReplyAssert setsIstate(String key, String value) {
    return sets("channel state", actual.istate(), key, value);
  }

  public RpcReplyAssert addsIstate(String key, String value) {
    return adds("channel state", actual.istate(), key, value);
  }

  public RpcReplyAssert changesIstate(String key, String value) {
    return changes("channel state", actual.istate(), key, value);
  }

  public RpcReplyAssert removesIstate(String key) {
    return removes("channel state", actual.istate(), key);
  }

  /** The reply changed nothing in either state. */
  public RpcReplyAssert changesNoState() {
    if (!actual.cstate().isEmpty() || !actual.istate().isEmpty()) {
      failWithMessage("Expecting the reply to %s to change no state, but it changed:%n  connection state %s%n  channel state %s",
          what(), actual.cstate(), actual.istate());
    }
    return this;
  }

  /** The reply subscribed the subscription to {@code stream}. */
  public RpcReplyAssert addsStream(String stream) {
    if (!actual.streamsAdded().contains(stream)) {
      failWithMessage("Expecting the reply to %s to add stream:%n  \"%s\"%nbut it added:%n  %s", what(), stream, actual.streamsAdded());
    }
    return this;
  }

  /** The reply unsubscribed the subscription from {@code stream}. */
  public RpcReplyAssert removesStream(String stream) {
    if (!actual.streamsRemoved().contains(stream)) {
      failWithMessage("Expecting the reply to %s to remove stream:%n  \"%s\"%nbut it removed:%n  %s", what(), stream, actual.streamsRemoved());
    }
    return this;
  }

  /** The reply closed the connection. */
  public RpcReplyAssert disconnects() {
    if (!actual.disconnect()) {
      failWithMessage("Expecting the reply to %s to close the connection, but it did not.", what());
    }
    return this;
  }

  /** The transmissions the reply sent. */
  public List<String> transmissions() {
    return actual.transmissions();
  }

  private RpcReplyAssert sets(String state, StateDiff diff, String key, String value) {
    String got = diff.added().containsKey(key) ? diff.added().get(key) : diff.changed().get(key);
    if (!value.equals(got)) {
      failWithActualExpectedAndMessage(String.valueOf(diff), key + "=" + value,
          "Expecting the reply to %s to set %s:%n  %s = %s%nbut its change was:%n  %s", what(), state, key, value, diff);
    }
    return this;
  }

  private RpcReplyAssert adds(String state, StateDiff diff, String key, String value) {
    if (!value.equals(diff.added().get(key))) {
      failWithActualExpectedAndMessage(String.valueOf(diff), "+" + key + "=" + value,
          "Expecting the reply to %s to add %s:%n  %s = %s%nbut its change was:%n  %s", what(), state, key, value, diff);
    }
    return this;
  }

  private RpcReplyAssert changes(String state, StateDiff diff, String key, String value) {
    if (!value.equals(diff.changed().get(key))) {
      failWithActualExpectedAndMessage(String.valueOf(diff), "~" + key + "=" + value,
          "Expecting the reply to %s to change %s:%n  %s to %s%nbut its change was:%n  %s", what(), state, key, value, diff);
    }
    return this;
  }

  private RpcReplyAssert removes(String state, StateDiff diff, String key) {
    if (!diff.removed().contains(key)) {
      failWithActualExpectedAndMessage(String.valueOf(diff), "-" + key,
          "Expecting the reply to %s to remove %s key:%n  %s%nbut its change was:%n  %s", what(), state, key, diff);
    }
    return this;
  }
}
