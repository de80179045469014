package io.cablekit.server.internal.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The {@code redisx} adapter (PROTOCOL.md 4.3): reads the broadcast stream through a consumer
 * group, hands each entry's {@code payload} to the node, then acknowledges and deletes it.
 *
 * <p>Only the node holding a short lease reads, so entries are delivered in stream order even
 * with several nodes; the others stand by and take over when the lease expires. Entries stay in
 * the stream while no node reads (all down, Redis restarting), and an entry a node claimed but did
 * not finish is reclaimed by the next reader. When Redis comes back without the group, it is
 * recreated reading from the start of the stream, so nothing added meanwhile is skipped.
 */
final class StreamsAdapter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(StreamsAdapter.class.getName());
  private static final long LEASE_MS = 5_000;
  private static final long CLAIM_IDLE_MS = 1_000;
  private static final String RENEW =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
  private static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

  private final RedisLink link;
  private final String stream;
  private final String group;
  private final String consumer;
  private final String leaseKey;
  private final Duration block;
  private final Ingress ingress;
  private final Runnable malformed;
  private final java.util.function.Predicate<Jedis> relayReady;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Jedis connection;

  StreamsAdapter(RedisLink link, String stream, String group, String consumer, Duration block, Ingress ingress,
      Runnable malformed, java.util.function.Predicate<Jedis> relayReady) {
    this.relayReady = relayReady;
    this.link = link;
    this.stream = stream;
    this.group = group;
    this.consumer = consumer;
    this.leaseKey = stream + ":cablekit-reader";
    this.block = block;
    this.ingress = ingress;
    this.malformed = malformed;
    this.thread = Thread.ofVirtual().name("cablekit-redisx").start(this::run);
  }

  private void run() {
    int attempt = 0;
    while (running) {
      try (Jedis jedis = link.connect(block.plusSeconds(3))) {
        connection = jedis;
        createGroup(jedis);
        link.recovered("redisx reading " + stream);
        attempt = 0;
        while (running) {
          if (!holdLease(jedis)) {
            TimeUnit.MILLISECONDS.sleep(LEASE_MS / 5);
            continue;
          }
          awaitRelay(jedis);
          reclaim(jedis);
          read(jedis);
        }
      } catch (InterruptedException e) {
        return;
      } catch (JedisDataException e) {
        if (!running) {
          return;
        }
        if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
          LOG.log(System.Logger.Level.INFO, "redisx: consumer group {0} is gone (Redis restarted?); recreating it", group);
          continue;
        }
        link.failed("redisx", e);
        if (!RedisLink.pause(attempt++)) {
          return;
        }
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        link.failed("redisx", e);
        if (!RedisLink.pause(attempt++)) {
          return;
        }
      }
    }
  }

  private void createGroup(Jedis jedis) {
    try {
      // from the start: entries added while no group existed are delivered, not skipped
      jedis.xgroupCreate(stream, group, new StreamEntryID(0, 0), true);
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw e;
      }
    }
  }

  /**
   * Waits (a few seconds at most) until every live node listens on the inter-node pub/sub, so
   * entries read now reach all of them; a node that stays away is treated as down.
   */
  private void awaitRelay(Jedis jedis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEASE_MS);
    while (running && !relayReady.test(jedis) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
      holdLease(jedis);
    }
  }

  private boolean holdLease(Jedis jedis) {
    Object renewed = jedis.eval(RENEW, List.of(leaseKey), List.of(consumer, Long.toString(LEASE_MS)));
    if (renewed instanceof Long l && l == 1L) {
      return true;
    }
    return "OK".equals(jedis.set(leaseKey, consumer, SetParams.setParams().nx().px(LEASE_MS)));
  }

  /** Takes over entries another reader claimed and did not finish. */
  private void reclaim(Jedis jedis) {
    StreamEntryID cursor = new StreamEntryID(0, 0);
    do {
      Map.Entry<StreamEntryID, List<StreamEntry>> claimed =
          jedis.xautoclaim(stream, group, consumer, CLAIM_IDLE_MS, cursor, XAutoClaimParams.xAutoClaimParams().count(100));
      claimed.getValue().forEach(e -> handle(jedis, e));
      cursor = claimed.getKey();
    } while (running && cursor != null && !(cursor.getTime() == 0 && cursor.getSequence() == 0));
  }

  private void read(Jedis jedis) {
    List<Map.Entry<String, List<StreamEntry>>> batches =
        jedis.xreadGroup(group, consumer,
            XReadGroupParams.xReadGroupParams().count(100).block((int) block.toMillis()),
            Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    if (batches == null) {
      return;
    }
    for (Map.Entry<String, List<StreamEntry>> batch : batches) {
      for (StreamEntry entry : batch.getValue()) {
        handle(jedis, entry);
      }
    }
  }

  private void handle(Jedis jedis, StreamEntry entry) {
    String payload = entry.getFields() == null ? null : entry.getFields().get("payload");
    if (payload == null) {
      malformed.run();
      LOG.log(System.Logger.Level.WARNING, "redisx: entry {0} of {1} has no payload field; dropped", entry.getID(), stream);
    } else {
      try {
        ingress.accept(payload, "redisx", false);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "redisx: handling entry " + entry.getID() + " failed", e);
      }
    }
    jedis.xack(stream, group, entry.getID());
    jedis.xdel(stream, entry.getID());
  }

  @Override
  public void close() {
    running = false;
    Jedis c = connection;
    if (c != null) {
      try {
        c.eval(RELEASE, List.of(leaseKey), List.of(consumer));
      } catch (RuntimeException e) {
        // Redis gone: the lease expires by itself
      }
      try {
        c.disconnect();
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
    thread.interrupt();
  }
}
