package io.cablekit.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread of the load generator: connects, upgrades, subscribes and reads its share
 * of the clients. Reads go into one shared buffer per thread and are scanned in place, so an idle
 * client costs a socket and a small object, and a delivery costs no allocation.
 */
final class Loop implements Runnable {
  private static final int OP_TEXT = 0x1;
  private static final int OP_BINARY = 0x2;
  private static final int OP_CONTINUATION = 0x0;
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;

  final int index;
  private final Clients owner;
  private final Selector selector;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
  private volatile boolean running = true;
  private final Thread thread;

  Loop(int index, Clients owner) throws IOException {
    this.index = index;
    this.owner = owner;
    this.selector = Selector.open();
    this.thread = Thread.ofPlatform().name("bench-loop-" + index).daemon().start(this);
  }

  /** Runs {@code task} on this loop's thread. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  void stop() throws InterruptedException {
    running = false;
    selector.wakeup();
    thread.join(5_000);
  }

  @Override
  public void run() {
    while (running) {
      try {
        selector.select(this::ready, 100);
      } catch (IOException e) {
        owner.problem("selector failed: " + e.getMessage());
      }
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    }
    for (SelectionKey key : selector.keys()) {
      closeQuietly((Client) key.attachment());
    }
    try {
      selector.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }

  /** Registers a channel that {@code connect} was called on; runs on this thread. */
  void register(Client c, boolean connected) {
    try {
      c.key = c.channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
      if (connected) {
        upgrade(c);
      }
    } catch (IOException e) {
      fail(c, e);
    }
  }

  private void ready(SelectionKey key) {
    Client c = (Client) key.attachment();
    try {
      if (key.isValid() && key.isConnectable()) {
        if (c.channel.finishConnect()) {
          key.interestOps(SelectionKey.OP_READ);
          upgrade(c);
        }
      }
      if (key.isValid() && key.isWritable()) {
        flush(c);
      }
      if (key.isValid() && key.isReadable()) {
        read(c);
      }
    } catch (IOException e) {
      fail(c, e);
    }
  }

  private void upgrade(Client c) throws IOException {
    c.state = Client.HANDSHAKE;
    c.wsKey = Wire.newKey();
    send(c, Wire.upgradeRequest(owner.url(), c.wsKey, owner.raw() ? null : "actioncable-v1-json"));
  }

  /** Writes a frame now, or queues what the socket does not take; runs on this thread. */
  void send(Client c, byte[] bytes) {
    if (c.state >= Client.FAILED) {
      return;
    }
    try {
      if (c.out != null) {
        ByteBuffer more = ByteBuffer.allocate(c.out.remaining() + bytes.length);
        more.put(c.out).put(bytes).flip();
        c.out = more;
        return;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      c.channel.write(b);
      if (b.hasRemaining()) {
        c.out = b;
        c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
      }
    } catch (IOException e) {
      fail(c, e);
    }
  }

  private void flush(Client c) throws IOException {
    if (c.out != null) {
      c.channel.write(c.out);
      if (c.out.hasRemaining()) {
        return;
      }
      c.out = null;
    }
    c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_WRITE);
  }

  private void read(Client c) throws IOException {
    if (in.capacity() < c.pendingLength + 16 * 1024) {
      in = ByteBuffer.allocate(Integer.highestOneBit(c.pendingLength + 16 * 1024) << 1);
    }
    in.clear();
    if (c.pendingLength > 0) {
      in.put(c.pending, 0, c.pendingLength);
      c.pendingLength = 0;
    }
    int n = c.channel.read(in);
    if (n < 0) {
      ended(c, c.state == Client.READY ? "closed by the server" : "closed by the server before it was ready");
      return;
    }
    byte[] a = in.array();
    int end = in.position();
    int at = 0;
    if (c.state == Client.HANDSHAKE) {
      at = handshake(c, a, end);
      if (at < 0) {
        return;
      }
    }
    at = frames(c, a, at, end);
    if (at < end && c.state < Client.FAILED) {
      c.keep(a, at, end);
    }
  }

  /** Reads the upgrade response; returns where frames start, or -1 when it is not complete. */
  private int handshake(Client c, byte[] a, int end) {
    int headEnd = Wire.indexOf(a, 0, end, Wire.HEADER_END);
    if (headEnd < 0) {
      if (end > 16 * 1024) {
        fail(c, "upgrade response too long");
      } else {
        c.keep(a, 0, end);
      }
      return -1;
    }
    String problem = Wire.checkUpgrade(new String(a, 0, headEnd, StandardCharsets.ISO_8859_1), c.wsKey);
    if (problem != null) {
      fail(c, problem);
      return -1;
    }
    c.state = Client.OPEN;
    if (owner.raw()) {
      becomeReady(c);
    }
    return headEnd + Wire.HEADER_END.length;
  }

  /** Handles every complete frame in {@code a[at, end)}; returns where the incomplete rest starts. */
  private int frames(Client c, byte[] a, int at, int end) {
    while (end - at >= 2 && c.state < Client.FAILED) {
      int b0 = a[at] & 0xFF;
      int b1 = a[at + 1] & 0xFF;
      long length = b1 & 0x7F;
      int header = 2;
      if (length == 126) {
        if (end - at < 4) {
          break;
        }
        length = ((a[at + 2] & 0xFF) << 8) | (a[at + 3] & 0xFF);
        header = 4;
      } else if (length == 127) {
        if (end - at < 10) {
          break;
        }
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | (a[at + 2 + i] & 0xFF);
        }
        header = 10;
      }
      boolean masked = (b1 & 0x80) != 0;
      if (masked) {
        header += 4;
      }
      if (length > 64L * 1024 * 1024) {
        fail(c, "frame of " + length + " bytes");
        return end;
      }
      if (end - at < header + length) {
        break;
      }
      int payload = at + header;
      int n = (int) length;
      if (masked) {
        for (int i = 0; i < n; i++) {
          a[payload + i] ^= a[payload - 4 + (i & 3)];
        }
      }
      frame(c, b0 & 0x0F, (b0 & 0x80) != 0, a, payload, n);
      at = payload + n;
    }
    return at;
  }

  private void frame(Client c, int opcode, boolean fin, byte[] a, int from, int n) {
    switch (opcode) {
      case OP_TEXT, OP_BINARY, OP_CONTINUATION -> {
        if (fin && c.fragments == null) {
          message(c, a, from, from + n);
          return;
        }
        if (c.fragments == null) {
          c.fragments = new ByteArrayOutputStream();
        }
        c.fragments.write(a, from, n);
        if (fin) {
          byte[] whole = c.fragments.toByteArray();
          c.fragments = null;
          message(c, whole, 0, whole.length);
        }
      }
      case OP_PING -> {
        byte[] payload = new byte[n];
        System.arraycopy(a, from, payload, 0, n);
        send(c, Wire.clientFrame(0xA, payload));
      }
      case OP_CLOSE -> {
        int code = n >= 2 ? ((a[from] & 0xFF) << 8) | (a[from + 1] & 0xFF) : 1005;
        send(c, Wire.clientFrame(OP_CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}));
        ended(c, "closed by the server with code " + code);
      }
      default -> {}
    }
  }

  private void message(Client c, byte[] a, int from, int to) {
    long t = Wire.numberAfter(a, from, to, Wire.T_KEY);
    if (t != Wire.ABSENT) {
      long now = WallClock.micros();
      if (!c.publisher) {
        owner.stampedMessage();
        long seq = Wire.numberAfter(a, from, to, Wire.SEQ_KEY);
        Window w = owner.window();
        if (w != null && w.covers(seq)) {
          w.record(index, now - t);
        }
      }
      return;
    }
    if (owner.raw()) {
      return;
    }
    switch (Wire.kind(a, from, to)) {
      case WELCOME -> {
        if (c.state == Client.OPEN) {
          c.state = Client.SUBSCRIBING;
          send(c, owner.subscribeFrame());
        }
      }
      case CONFIRM -> {
        if (c.state == Client.SUBSCRIBING) {
          becomeReady(c);
        }
      }
      case REJECT -> fail(c, "subscription rejected");
      case DISCONNECT -> owner.problem("server sent disconnect: " + new String(a, from, Math.min(200, to - from), StandardCharsets.UTF_8));
      default -> {}
    }
  }

  private void becomeReady(Client c) {
    c.state = Client.READY;
    owner.ready(c, System.nanoTime() - c.startedNanos);
  }

  private void fail(Client c, IOException e) {
    fail(c, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  void fail(Client c, String reason) {
    if (c.state >= Client.FAILED) {
      return;
    }
    boolean wasReady = c.state == Client.READY;
    c.state = Client.FAILED;
    closeQuietly(c);
    owner.failed(c, reason, wasReady);
  }

  private void ended(Client c, String reason) {
    if (c.state >= Client.FAILED) {
      return;
    }
    boolean wasReady = c.state == Client.READY;
    c.state = Client.CLOSED;
    closeQuietly(c);
    owner.failed(c, reason, wasReady);
  }

  /** Sends a close frame when open, then closes the socket; runs on this thread. */
  void close(Client c) {
    if (c.state >= Client.OPEN && c.state <= Client.READY) {
      try {
        c.channel.write(ByteBuffer.wrap(Wire.clientFrame(OP_CLOSE, new byte[] {0x03, (byte) 0xE8})));
      } catch (IOException e) {
        // closing anyway
      }
    }
    c.state = Client.CLOSED;
    closeQuietly(c);
  }

  private static void closeQuietly(Client c) {
    try {
      if (c.key != null) {
        c.key.cancel();
      }
      c.channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
