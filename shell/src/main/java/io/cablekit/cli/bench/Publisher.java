package io.cablekit.cli.bench;

import java.io.IOException;

/** Publishes numbered broadcasts, each stamped with the wall clock when it is sent. */
interface Publisher extends AutoCloseable {
  /** Publishes broadcast {@code seq}; blocks until the server accepted it where that is known. */
  void publish(long seq) throws IOException;

  @Override
  void close();

  /** The payload of broadcast {@code seq}, stamped now: {@code {"t":<µs>,"seq":<seq>}}. */
  static String payload(long seq) {
    return "{\"t\":" + WallClock.micros() + ",\"seq\":" + seq + "}";
  }

  /** Creates the publisher {@code options.via()} names. */
  static Publisher create(BenchOptions options, Clients clients) throws IOException, InterruptedException {
    return switch (options.via()) {
      case HTTP -> new HttpPublisher(options.broadcastUrl(), options.broadcastKey(), options.raw() ? null : options.stream());
      case REDIS -> new RedisPublisher(options.redisUrl(), options.effectiveRedisChannel(),
          options.redisFormat().equals("anycable") ? options.stream() : null);
      case ACTION -> new ActionPublisher(clients, options.identifier(), options.action());
    };
  }
}
