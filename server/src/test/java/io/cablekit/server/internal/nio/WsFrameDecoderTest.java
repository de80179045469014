package io.cablekit.server.internal.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WsFrameDecoderTest {
  static final int LIMIT = 2 * 1024 * 1024;

  // ---- what the decoder reports ----

  @Test
  void decodesAMaskedTextMessage() {
    Events events = decode(Frame.text("Hello, cable").bytes());
    assertThat(events.lines).containsExactly("text Hello, cable");
    assertThat(events.payloads.get(0)).isEqualTo("Hello, cable".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void reportsEveryCompleteUnitOfOneFeedInOrder() {
    Events events =
        decode(
            stream(
                Frame.text("one"),
                Frame.binary(new byte[] {1, 2, (byte) 0xFF}),
                Frame.ping("are you there"),
                Frame.pong("yes"),
                Frame.text("two"),
                Frame.close(1000, "bye")));
    assertThat(events.lines)
        .containsExactly(
            "text one", "binary 0102ff", "ping are you there", "pong yes", "text two", "close 1000 bye");
  }

  @Test
  void textPayloadsAreHandedOverWithoutUtf8Validation() {
    byte[] invalid = {(byte) 0xC3, 0x28, (byte) 0xFF};
    Events events = decode(Frame.of(0x1, invalid).bytes());
    assertThat(events.kinds()).containsExactly("text");
    assertThat(events.payloads.get(0)).isEqualTo(invalid);
  }

  @Test
  void payloadsDoNotShareTheCallersBufferWhichIsReusedAfterEachFeed() {
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    byte[] bytes = stream(Frame.text("first part ").notFinal(), Frame.ping("p"), Frame.continuation("and the rest"));
    ByteBuffer reused = ByteBuffer.allocate(bytes.length);
    for (int at = 0; at < bytes.length; at += 5) {
      reused.clear();
      reused.put(bytes, at, Math.min(5, bytes.length - at)).flip();
      decoder.feed(reused);
      assertThat(reused.hasRemaining()).isFalse();
      Arrays.fill(reused.array(), (byte) 0x5A);
    }
    assertThat(events.lines).containsExactly("ping p", "text first part and the rest");
  }

  @Test
  void consumesExactlyTheRemainingBytesOfHeapDirectAndSlicedBuffers() {
    byte[] frame = Frame.text("in the middle").bytes();
    for (ByteBuffer buffer :
        List.of(ByteBuffer.allocate(frame.length + 20), ByteBuffer.allocateDirect(frame.length + 20))) {
      buffer.put(new byte[] {0x7F, 0x7F, 0x7F}).put(frame).put(new byte[] {0x7F});
      buffer.flip().position(3).limit(3 + frame.length);
      Events events = new Events();
      new WsFrameDecoder(LIMIT, events).feed(buffer);
      assertThat(events.lines).as(buffer.isDirect() ? "direct" : "heap").containsExactly("text in the middle");
      assertThat(buffer.position()).isEqualTo(3 + frame.length);
    }
    int skipped = Frame.ping("skipped").bytes().length;
    ByteBuffer sliced = ByteBuffer.wrap(stream(Frame.ping("skipped"), Frame.text("sliced"))).position(skipped).slice();
    Events events = new Events();
    new WsFrameDecoder(LIMIT, events).feed(sliced);
    assertThat(events.lines).containsExactly("text sliced");
  }

  @Test
  void anEmptyFeedDoesNothing() {
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    decoder.feed(ByteBuffer.allocate(0));
    decoder.feed(ByteBuffer.wrap(Frame.text("after").bytes()));
    assertThat(events.lines).containsExactly("text after");
  }

  // ---- payload lengths and their encodings ----

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 7, 8, 9, 15, 16, 17, 125, 126, 127, 4096, 65535, 65536, 65537, 1_000_003})
  void binaryMessagesOfEveryLengthEncodingComeOutUnmasked(int length) {
    byte[] payload = randomBytes(length, length);
    byte[] frame = Frame.binary(payload).bytes();
    int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    assertThat(frame).as("the helper encodes lengths minimally").hasSize(header + 4 + length);

    Events whole = decode(frame);
    assertThat(whole.kinds()).containsExactly("binary");
    assertThat(whole.payloads.get(0)).isEqualTo(payload);

    Events chunked = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, chunked);
    feedInChunksOf(decoder, frame, 4093);
    assertThat(chunked.payloads).hasSize(1);
    assertThat(chunked.payloads.get(0)).isEqualTo(payload);
    assertThat(decoder.retainedBytes()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65535, 65536})
  void textMessagesAtTheLengthBoundariesAreDecoded(int length) {
    String text = "abcdefghij".repeat(length / 10 + 1).substring(0, length);
    Events events = decode(Frame.text(text).bytes());
    assertThat(events.lines).containsExactly("text " + text);
  }

  @Test
  void nonMinimalLengthEncodingsAreAccepted() {
    Events events =
        decode(
            stream(
                Frame.text("five!").length16(),
                Frame.text("eight!!!").length64(),
                Frame.text("").length64(),
                Frame.binary(new byte[] {9}).length16()));
    assertThat(events.lines).containsExactly("text five!", "text eight!!!", "text ", "binary 09");
  }

  @Test
  void unmasksEveryPayloadLengthAtEveryRotationOfTheKey() {
    for (int length = 0; length <= 40; length++) {
      byte[] payload = randomBytes(length, 1000 + length);
      byte[] frame = Frame.binary(payload).key(0x9E3779B9).bytes();
      int payloadStart = frame.length - length;
      for (int cut = payloadStart; cut <= frame.length; cut++) {
        Events events = new Events();
        feedSplitAt(new WsFrameDecoder(LIMIT, events), frame, cut);
        assertThat(events.payloads).as("length %d cut %d", length, cut).hasSize(1);
        assertThat(events.payloads.get(0)).as("length %d cut %d", length, cut).isEqualTo(payload);
      }
    }
  }

  @Test
  void unmaskingALongAtATimeMatchesByteByByteXor() {
    Random random = new Random(6455);
    for (int from = 0; from < 9; from++) {
      for (int n = 0; n <= 70; n++) {
        int key = random.nextInt();
        byte[] data = randomBytes(from + n + 5, random.nextLong());
        byte[] expected = data.clone();
        for (int i = 0; i < n; i++) {
          expected[from + i] ^= (byte) (key >>> (24 - 8 * (i & 3)));
        }
        WsFrameDecoder.unmask(data, from, n, key);
        assertThat(data).as("from %d, %d bytes", from, n).isEqualTo(expected);
      }
    }
  }

  // ---- protocol rules: each breach is a 1002 ----

  @Test
  void unmaskedFramesAreProtocolErrors() {
    assertThat(decode(Frame.text("plain").unmasked().bytes()).lines).containsExactly("error 1002 unmasked client frame");
    assertThat(decode(Frame.ping("plain").unmasked().bytes()).lines).containsExactly("error 1002 unmasked client frame");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 7})
  void reservedBitsAreProtocolErrors(int rsv) {
    Events events = decode(Frame.text("compressed?").rsv(rsv).bytes());
    assertThat(events.lines).hasSize(1);
    assertThat(events.lines.get(0)).startsWith("error 1002 reserved bits set");
    assertThat(decode(Frame.ping("x").rsv(rsv).bytes()).kinds()).containsExactly("error 1002");
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
  void reservedOpcodesAreProtocolErrors(int opcode) {
    Events events = decode(Frame.of(opcode, new byte[] {1, 2}).bytes());
    assertThat(events.lines).containsExactly("error 1002 reserved opcode " + opcode);
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 9, 10})
  void fragmentedControlFramesAreProtocolErrors(int opcode) {
    Events events = decode(Frame.of(opcode, new byte[] {3, (byte) 0xE8}).notFinal().bytes());
    assertThat(events.lines).containsExactly("error 1002 fragmented control frame");
  }

  @Test
  void controlFramesCarryAtMost125Bytes() {
    String max = "p".repeat(125);
    assertThat(decode(Frame.ping(max).bytes()).lines).containsExactly("ping " + max);
    assertThat(decode(Frame.pong(max).bytes()).lines).containsExactly("pong " + max);
    String reason = "r".repeat(123);
    assertThat(decode(Frame.close(1000, reason).bytes()).lines).containsExactly("close 1000 " + reason);

    String over = "p".repeat(126);
    assertThat(decode(Frame.ping(over).bytes()).lines).containsExactly("error 1002 control frame payload over 125 bytes");
    assertThat(decode(Frame.pong(over).bytes()).lines).containsExactly("error 1002 control frame payload over 125 bytes");
    assertThat(decode(Frame.close(1000, "r".repeat(124)).bytes()).kinds()).containsExactly("error 1002");
    assertThat(decode(Frame.ping("x".repeat(70_000)).bytes()).kinds()).containsExactly("error 1002");
  }

  @Test
  void controlFramesWithAnExtendedLengthAreRejectedEvenWhenShort() {
    // the 7-bit length of a control frame must itself be <= 125 (RFC 6455 5.5)
    assertThat(decode(Frame.ping("short").length16().bytes()).kinds()).containsExactly("error 1002");
    assertThat(decode(Frame.ping("short").length64().bytes()).kinds()).containsExactly("error 1002");
  }

  @Test
  void aContinuationWithoutAStartedMessageIsAProtocolError() {
    assertThat(decode(Frame.continuation("orphan").bytes()).lines)
        .containsExactly("error 1002 continuation frame without a message to continue");
    assertThat(decode(stream(Frame.text("complete"), Frame.continuation("late"))).lines)
        .containsExactly("text complete", "error 1002 continuation frame without a message to continue");
  }

  @Test
  void aNewTextOrBinaryFrameInsideAFragmentedMessageIsAProtocolError() {
    assertThat(decode(stream(Frame.text("open").notFinal(), Frame.text("again"))).lines)
        .containsExactly("error 1002 new message before the fragmented one ended");
    assertThat(decode(stream(Frame.binary(new byte[] {1}).notFinal(), Frame.binary(new byte[] {2}))).lines)
        .containsExactly("error 1002 new message before the fragmented one ended");
    assertThat(decode(stream(Frame.text("open").notFinal(), Frame.ping("ok"), Frame.binary(new byte[] {2}))).lines)
        .containsExactly("ping ok", "error 1002 new message before the fragmented one ended");
  }

  @Test
  void a64BitLengthWithTheTopBitSetIsAProtocolErrorAsSoonAsTheLengthIsRead() {
    byte[] frame = Frame.binary(new byte[0]).declaring(0x8000_0000_0000_0005L).bytes();
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    decoder.feed(ByteBuffer.wrap(frame, 0, 10));
    assertThat(events.lines).containsExactly("error 1002 64-bit payload length with the most significant bit set");
    assertThat(decode(Frame.binary(new byte[0]).declaring(-1L).bytes()).kinds()).containsExactly("error 1002");
  }

  // ---- fragmentation ----

  @Test
  void aFragmentedTextMessageIsReassembledAroundInterleavedControlFrames() {
    Events events =
        decode(
            stream(
                Frame.text("Hel").notFinal(),
                Frame.ping("1"),
                Frame.continuation("lo, ").notFinal(),
                Frame.pong("2"),
                Frame.ping("3"),
                Frame.continuation("world")));
    assertThat(events.lines).containsExactly("ping 1", "pong 2", "ping 3", "text Hello, world");
  }

  @Test
  void aFragmentedBinaryMessageMayHaveEmptyFragments() {
    Events events =
        decode(
            stream(
                Frame.binary(new byte[0]).notFinal(),
                Frame.continuation(new byte[] {1, 2}).notFinal(),
                Frame.continuation(new byte[0]).notFinal(),
                Frame.continuation(new byte[] {3}),
                Frame.binary(new byte[0]).notFinal(),
                Frame.continuation(new byte[0])));
    assertThat(events.lines).containsExactly("binary 010203", "binary ");
  }

  @Test
  void aMessageOfManyTinyFragmentsComesOutExactlySized() {
    int fragments = 10_000;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Frame.text("a").notFinal().bytes());
    for (int i = 1; i < fragments - 1; i++) {
      out.writeBytes(Frame.continuation(String.valueOf((char) ('a' + i % 26))).notFinal().bytes());
    }
    out.writeBytes(Frame.continuation("!").bytes());
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    byte[] all = out.toByteArray();
    decoder.feed(ByteBuffer.wrap(all, 0, all.length - 1));
    assertThat(decoder.retainedBytes())
        .as("the buffer grows geometrically (no copy per fragment), never past twice the message")
        .isGreaterThan(fragments)
        .isLessThanOrEqualTo(2 * fragments);
    decoder.feed(ByteBuffer.wrap(all, all.length - 1, 1));
    assertThat(events.payloads).singleElement().satisfies(p -> assertThat(p).hasSize(fragments));
    assertThat(events.lines.get(0)).startsWith("text abcd").endsWith("!");
  }

  // ---- close frames ----

  @Test
  void aCloseFrameWithoutPayloadIs1005WithNoReason() {
    assertThat(decode(Frame.of(0x8, new byte[0]).bytes()).lines).containsExactly("close 1005 ");
  }

  @Test
  void aCloseFrameWithOnlyACodeHasAnEmptyReason() {
    assertThat(decode(Frame.close(1001, "").bytes()).lines).containsExactly("close 1001 ");
  }

  @Test
  void theCloseReasonIsDecodedAsUtf8() {
    assertThat(decode(Frame.close(4000, "Tschüß ✓ 𝄞").bytes()).lines).containsExactly("close 4000 Tschüß ✓ 𝄞");
  }

  @Test
  void aCloseFrameOfOneByteIsAProtocolError() {
    assertThat(decode(Frame.of(0x8, new byte[] {3}).bytes()).lines)
        .containsExactly("error 1002 close frame with a 1-byte payload");
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
  void validCloseCodesAreReported(int code) {
    assertThat(decode(Frame.close(code, "why").bytes()).lines).containsExactly("close " + code + " why");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
  void invalidCloseCodesAreProtocolErrors(int code) {
    assertThat(decode(Frame.close(code, "").bytes()).lines).containsExactly("error 1002 invalid close code " + code);
  }

  @Test
  void aCloseReasonThatIsNotUtf8Is1007() {
    byte[][] reasons = {
      {(byte) 0xC3, 0x28}, // bad continuation byte
      {'o', 'k', (byte) 0xE2, (byte) 0x82}, // truncated at the end
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
      {(byte) 0xC0, (byte) 0x80}, // overlong
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
    };
    for (byte[] reason : reasons) {
      byte[] payload = new byte[2 + reason.length];
      payload[0] = (byte) (1000 >>> 8);
      payload[1] = (byte) 1000;
      System.arraycopy(reason, 0, payload, 2, reason.length);
      assertThat(decode(Frame.of(0x8, payload).bytes()).lines)
          .as(HexFormat.of().formatHex(reason))
          .containsExactly("error 1007 close reason is not valid UTF-8");
    }
  }

  @Test
  void aCloseFrameBetweenFragmentsEndsDecodingAndDropsThePartialMessage() {
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    decoder.feed(ByteBuffer.wrap(stream(Frame.text("never ").notFinal(), Frame.close(1000, ""))));
    assertThat(decoder.retainedBytes()).isZero();
    decoder.feed(ByteBuffer.wrap(Frame.continuation("finished").bytes()));
    assertThat(events.lines).containsExactly("close 1000 ");
  }

  @Test
  void inputAfterACloseFrameIsConsumedAndIgnored() {
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    ByteBuffer buffer = ByteBuffer.wrap(stream(Frame.close(1000, "done"), Frame.text("late"), Frame.ping("late")));
    decoder.feed(buffer);
    assertThat(buffer.hasRemaining()).isFalse();
    ByteBuffer later = ByteBuffer.wrap(Frame.text("later").bytes());
    decoder.feed(later);
    assertThat(later.hasRemaining()).isFalse();
    assertThat(events.lines).containsExactly("close 1000 done");
  }

  // ---- message size ----

  @Test
  void messagesOfExactlyTheLimitAreAccepted() {
    assertThat(decode(100, Frame.text("x".repeat(100)).bytes()).kinds()).containsExactly("text");
    assertThat(decode(100, stream(Frame.binary(new byte[60]).notFinal(), Frame.continuation(new byte[40]))).kinds())
        .containsExactly("binary");
    assertThat(decode(0, Frame.text("").bytes()).lines).containsExactly("text ");
  }

  @Test
  void anOversizeFrameIs1009AsSoonAsItsHeaderShowsItBeforeAnyPayloadIsBuffered() {
    // 7-bit, 16-bit and 64-bit lengths: the error comes with the last length byte, before the mask
    int[] headerLengths = {2, 4, 10};
    long[] declared = {101, 60_000, 1L << 40};
    int[] limits = {100, 50_000, LIMIT};
    for (int i = 0; i < declared.length; i++) {
      byte[] frame = Frame.text("").declaring(declared[i]).bytes();
      Events events = new Events();
      WsFrameDecoder decoder = new WsFrameDecoder(limits[i], events);
      feedSplitAt(decoder, Arrays.copyOf(frame, headerLengths[i]), 1);
      assertThat(events.lines)
          .containsExactly("error 1009 message of " + declared[i] + " bytes exceeds the limit of " + limits[i]);
      assertThat(decoder.retainedBytes()).isZero();
    }
    assertThat(decode(10, Frame.binary(new byte[11]).bytes()).kinds()).containsExactly("error 1009");
  }

  @Test
  void fragmentsThatSumOverTheLimitAre1009AtTheHeaderOfTheFragmentThatCrossesIt() {
    byte[] bytes =
        stream(
            Frame.text("x".repeat(60)).notFinal(),
            Frame.ping("still fine"),
            Frame.continuation("y".repeat(40)).notFinal(),
            Frame.continuation("z".repeat(1)));
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(100, events);
    int crossingHeader = bytes.length - Frame.continuation("z").bytes().length + 2;
    decoder.feed(ByteBuffer.wrap(bytes, 0, crossingHeader));
    assertThat(events.lines)
        .containsExactly("ping still fine", "error 1009 message of at least 101 bytes exceeds the limit of 100");
    assertThat(decoder.retainedBytes()).isZero();
  }

  @Test
  void controlFramesDoNotCountAgainstTheMessageSizeLimit() {
    Events events = decode(10, stream(Frame.text("12345").notFinal(), Frame.ping("p".repeat(100)), Frame.continuation("67890")));
    assertThat(events.kinds()).containsExactly("ping", "text");
    assertThat(events.lines.get(1)).isEqualTo("text 1234567890");
  }

  // ---- after an error ----

  @Test
  void nothingIsEmittedAfterAProtocolErrorAndLaterInputIsConsumed() {
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    ByteBuffer buffer =
        ByteBuffer.wrap(stream(Frame.text("before"), Frame.text("bad").rsv(4), Frame.text("after"), Frame.close(1000, "")));
    decoder.feed(buffer);
    assertThat(buffer.hasRemaining()).isFalse();
    for (Frame later : List.of(Frame.text("later"), Frame.ping("later"), Frame.close(1000, ""), Frame.text("x").rsv(1))) {
      ByteBuffer next = ByteBuffer.wrap(later.bytes());
      decoder.feed(next);
      assertThat(next.hasRemaining()).isFalse();
    }
    assertThat(events.lines).containsExactly("text before", "error 1002 reserved bits set: 4");
    assertThat(decoder.retainedBytes()).isZero();
  }

  @Test
  void aMidMessageErrorDropsWhatWasBuffered() {
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    decoder.feed(ByteBuffer.wrap(Frame.text("x".repeat(1000)).notFinal().bytes()));
    assertThat(decoder.retainedBytes()).isEqualTo(1000);
    decoder.feed(ByteBuffer.wrap(stream(Frame.continuation("y").unmasked(), Frame.continuation("z"))));
    assertThat(events.lines).containsExactly("error 1002 unmasked client frame");
    assertThat(decoder.retainedBytes()).isZero();
  }

  // ---- splits: bytes may arrive at any offset ----

  @Test
  void everySplitOffsetOfAMultiFrameStreamProducesTheSameEvents() {
    byte[] bytes = mixedStream();
    List<String> expected = decode(bytes).lines;
    assertThat(expected).hasSize(10).last().isEqualTo("close 3001 the end");
    for (int cut = 0; cut <= bytes.length; cut++) {
      Events events = new Events();
      feedSplitAt(new WsFrameDecoder(LIMIT, events), bytes, cut);
      assertThat(events.lines).as("split at %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void aMultiFrameStreamFedOneByteAtATimeProducesTheSameEvents() {
    byte[] bytes = mixedStream();
    List<String> expected = decode(bytes).lines;
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    feedInChunksOf(decoder, bytes, 1);
    assertThat(events.lines).isEqualTo(expected);
  }

  @Test
  void randomChunkingsOfAMultiFrameStreamProduceTheSameEvents() {
    byte[] bytes = mixedStream();
    List<String> expected = decode(bytes).lines;
    Random random = new Random(20261201L);
    for (int round = 0; round < 500; round++) {
      int[] cuts = random.ints(1 + random.nextInt(12), 0, bytes.length + 1).sorted().toArray();
      Events events = new Events();
      feedSplitAt(new WsFrameDecoder(LIMIT, events), bytes, cuts);
      assertThat(events.lines).as("cuts %s", Arrays.toString(cuts)).isEqualTo(expected);
    }
  }

  @Test
  void everySplitOffsetOfAStreamWithAnErrorProducesTheSameEvents() {
    byte[] bytes =
        stream(
            Frame.text("ok").notFinal(),
            Frame.ping("p"),
            Frame.continuation(" then"),
            Frame.close(1004, "reserved"),
            Frame.text("never"));
    List<String> expected = List.of("ping p", "text ok then", "error 1002 invalid close code 1004");
    for (int cut = 0; cut <= bytes.length; cut++) {
      Events events = new Events();
      feedSplitAt(new WsFrameDecoder(LIMIT, events), bytes, cut);
      assertThat(events.lines).as("split at %d", cut).isEqualTo(expected);
    }
    Events bytewise = new Events();
    feedInChunksOf(new WsFrameDecoder(LIMIT, bytewise), bytes, 1);
    assertThat(bytewise.lines).isEqualTo(expected);
  }

  // ---- memory ----

  @Test
  void holdsNoBufferBetweenMessagesNorForAPartialHeader() {
    Events events = new Events();
    WsFrameDecoder decoder = new WsFrameDecoder(LIMIT, events);
    assertThat(decoder.retainedBytes()).isZero();
    decoder.feed(ByteBuffer.wrap(stream(Frame.text("a message"), Frame.binary(new byte[300]), Frame.ping("p"))));
    assertThat(decoder.retainedBytes()).isZero();

    byte[] big = Frame.binary(new byte[70_000]).bytes();
    decoder.feed(ByteBuffer.wrap(big, 0, 13));
    assertThat(decoder.retainedBytes()).as("header and mask only: still in fields").isZero();
    decoder.feed(ByteBuffer.wrap(big, 13, 1));
    assertThat(decoder.retainedBytes()).as("the frame declared its length").isEqualTo(70_000);
    decoder.feed(ByteBuffer.wrap(big, 14, big.length - 14));
    assertThat(decoder.retainedBytes()).isZero();

    byte[] ping = Frame.ping("half").bytes();
    decoder.feed(ByteBuffer.wrap(ping, 0, ping.length - 2));
    assertThat(decoder.retainedBytes()).isEqualTo(4);
    decoder.feed(ByteBuffer.wrap(ping, ping.length - 2, 2));
    assertThat(decoder.retainedBytes()).isZero();
    assertThat(events.kinds()).containsExactly("text", "binary", "ping", "binary", "ping");
  }

  // ---- construction ----

  @Test
  void rejectsANegativeLimitAndANullListener() {
    assertThatThrownBy(() -> new WsFrameDecoder(-1, new Events())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WsFrameDecoder(10, null)).isInstanceOf(NullPointerException.class);
  }

  // ---- helpers ----

  /** Ten events from frames of every kind, lengths with every encoding, several masking keys. */
  static byte[] mixedStream() {
    return stream(
        Frame.text("Hel").notFinal().key(0x01020304),
        Frame.ping("between"),
        Frame.continuation("lo").notFinal().key(0xFFFFFFFF),
        Frame.pong(""),
        Frame.continuation(" there"),
        Frame.binary(randomBytes(300, 42)).key(0xA5A5_5A5A),
        Frame.text("").length64(),
        Frame.binary(randomBytes(17, 7)).notFinal(),
        Frame.continuation(randomBytes(9, 8)).length16(),
        Frame.ping("x".repeat(125)),
        Frame.text("Grüße ✓"),
        Frame.pong("last"),
        Frame.close(3001, "the end"));
  }

  static Events decode(byte[] bytes) {
    return decode(LIMIT, bytes);
  }

  static Events decode(int limit, byte[] bytes) {
    Events events = new Events();
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    new WsFrameDecoder(limit, events).feed(buffer);
    assertThat(buffer.hasRemaining()).as("feed consumes every byte").isFalse();
    return events;
  }

  /**
   * Feeds {@code bytes} in the pieces between {@code cuts} through one reused buffer, scribbled
   * over after each feed, the way a selector thread's read buffer is.
   */
  static void feedSplitAt(WsFrameDecoder decoder, byte[] bytes, int... cuts) {
    ByteBuffer reused = ByteBuffer.allocate(bytes.length);
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : bytes.length;
      reused.clear();
      reused.put(bytes, from, to - from).flip();
      decoder.feed(reused);
      assertThat(reused.hasRemaining()).as("feed consumes every byte").isFalse();
      Arrays.fill(reused.array(), (byte) 0x5A);
      from = to;
    }
  }

  static void feedInChunksOf(WsFrameDecoder decoder, byte[] bytes, int size) {
    ByteBuffer reused = ByteBuffer.allocate(size);
    for (int at = 0; at < bytes.length; at += size) {
      reused.clear();
      reused.put(bytes, at, Math.min(size, bytes.length - at)).flip();
      decoder.feed(reused);
      assertThat(reused.hasRemaining()).isFalse();
      Arrays.fill(reused.array(), (byte) 0x5A);
    }
  }

  static byte[] stream(Frame... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Frame frame : frames) {
      out.writeBytes(frame.bytes());
    }
    return out.toByteArray();
  }

  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A client frame: final, masked and minimally length-encoded unless told otherwise. */
  static final class Frame {
    private final int opcode;
    private final byte[] payload;
    private boolean fin = true;
    private int rsv;
    private boolean masked = true;
    private int key = 0x37FA213D;
    private int lengthBytes;
    private long declared = -1;
    private boolean declares;

    private Frame(int opcode, byte[] payload) {
      this.opcode = opcode;
      this.payload = payload;
    }

    static Frame of(int opcode, byte[] payload) {
      return new Frame(opcode, payload);
    }

    static Frame text(String text) {
      return of(0x1, utf8(text));
    }

    static Frame binary(byte[] payload) {
      return of(0x2, payload);
    }

    static Frame continuation(String text) {
      return of(0x0, utf8(text));
    }

    static Frame continuation(byte[] payload) {
      return of(0x0, payload);
    }

    static Frame ping(String text) {
      return of(0x9, utf8(text));
    }

    static Frame pong(String text) {
      return of(0xA, utf8(text));
    }

    static Frame close(int code, String reason) {
      byte[] reasonBytes = utf8(reason);
      byte[] payload = new byte[2 + reasonBytes.length];
      payload[0] = (byte) (code >>> 8);
      payload[1] = (byte) code;
      System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
      return of(0x8, payload);
    }

    Frame notFinal() {
      fin = false;
      return this;
    }

    /** RSV1 is 4, RSV2 is 2, RSV3 is 1. */
    Frame rsv(int bits) {
      rsv = bits;
      return this;
    }

    Frame unmasked() {
      masked = false;
      return this;
    }

    Frame key(int key) {
      this.key = key;
      return this;
    }

    Frame length16() {
      lengthBytes = 2;
      return this;
    }

    Frame length64() {
      lengthBytes = 8;
      return this;
    }

    /** Declares {@code length} in the header, whatever the payload; any value, negative included. */
    Frame declaring(long length) {
      declared = length;
      declares = true;
      return this;
    }

    byte[] bytes() {
      long length = declares ? declared : payload.length;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write((fin ? 0x80 : 0) | rsv << 4 | opcode);
      int maskBit = masked ? 0x80 : 0;
      int encoding =
          lengthBytes != 0 ? lengthBytes : length >= 0 && length < 126 ? 0 : length >= 0 && length < 65536 ? 2 : 8;
      if (encoding == 0) {
        out.write(maskBit | (int) length);
      } else if (encoding == 2) {
        out.write(maskBit | 126);
        out.write((int) (length >>> 8));
        out.write((int) length);
      } else {
        out.write(maskBit | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) (length >>> shift));
        }
      }
      if (masked) {
        for (int shift = 24; shift >= 0; shift -= 8) {
          out.write(key >>> shift);
        }
      }
      for (int i = 0; i < payload.length; i++) {
        int keyByte = masked ? key >>> (24 - 8 * (i & 3)) : 0;
        out.write((payload[i] ^ keyByte) & 0xFF);
      }
      return out.toByteArray();
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The listener's calls as lines: "text ...", "binary <hex>", "ping ...", "close 1000 ...". */
  static final class Events implements WsFrameDecoder.Listener {
    final List<String> lines = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();

    @Override
    public void onText(byte[] payload) {
      payloads.add(payload);
      lines.add("text " + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onBinary(byte[] payload) {
      payloads.add(payload);
      lines.add(
          "binary "
              + (payload.length <= 512
                  ? HexFormat.of().formatHex(payload)
                  : payload.length + " bytes, hash " + Arrays.hashCode(payload)));
    }

    @Override
    public void onPing(byte[] payload) {
      lines.add("ping " + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onPong(byte[] payload) {
      lines.add("pong " + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onClose(int code, String reason) {
      lines.add("close " + code + " " + reason);
    }

    @Override
    public void onProtocolError(int closeCode, String problem) {
      lines.add("error " + closeCode + " " + problem);
    }

    /** Each line's kind; for errors, with the close code ("error 1002"). */
    List<String> kinds() {
      return lines.stream()
          .map(line -> line.startsWith("error ") ? line.substring(0, 10) : line.substring(0, line.indexOf(' ')))
          .toList();
    }
  }
}
