package io.cablekit.mock.internal.files;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Calls back once things settle after a file under a path changes: a directory tree (new
 * subdirectories included; hidden entries ignored) or a single file. A burst of events within
 * {@code debounce} gives one call, on a dedicated thread.
 */
public final class FileWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FileWatch.class.getName());

  private final Path root;
  private final boolean directory;
  private final Duration debounce;
  private final Runnable onChange;
  private final WatchService service;
  private final ScheduledExecutorService scheduler;
  private final ReentrantLock lock = new ReentrantLock();
  private ScheduledFuture<?> pending;

  private FileWatch(Path root, Duration debounce, Runnable onChange) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.directory = Files.isDirectory(this.root);
    this.debounce = debounce;
    this.onChange = onChange;
    this.service = FileSystems.getDefault().newWatchService();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("cablekit-stub-reload").unstarted(r));
  }

  /** Starts watching {@code fileOrDir}; it must exist. */
  public static FileWatch start(Path fileOrDir, Duration debounce, Runnable onChange) throws IOException {
    FileWatch watch = new FileWatch(fileOrDir, debounce, onChange);
    try {
      if (watch.directory) {
        watch.registerTree(watch.root);
      } else if (Files.exists(watch.root)) {
        watch.root.getParent().register(watch.service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
      } else {
        throw new java.nio.file.NoSuchFileException(fileOrDir.toString());
      }
    } catch (IOException e) {
      watch.close();
      throw e;
    }
    Thread.ofPlatform().daemon().name("cablekit-stub-watch").start(watch::loop);
    return watch;
  }

  private void registerTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path d : walk.filter(Files::isDirectory).filter(this::relevant).toList()) {
        d.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
      }
    }
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = service.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == OVERFLOW) {
            schedule();
            continue;
          }
          Path changed = ((Path) key.watchable()).resolve((Path) event.context());
          if (!relevant(changed)) {
            continue;
          }
          if (directory && event.kind() == ENTRY_CREATE && Files.isDirectory(changed)) {
            registerTree(changed);
          }
          schedule();
        }
        key.reset();
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      LOG.log(System.Logger.Level.DEBUG, "stopped watching " + root);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "stopped watching " + root + ": " + e);
    }
  }

  private boolean relevant(Path changed) {
    if (!directory) {
      return changed.equals(root);
    }
    for (Path part : root.relativize(changed)) {
      if (part.toString().startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  private void schedule() {
    lock.lock();
    try {
      if (pending != null) {
        pending.cancel(false);
      }
      pending = scheduler.schedule(onChange, debounce.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      lock.unlock();
    }
  }

  /** Stops watching; a pending callback is dropped. Idempotent. */
  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing the watch service of " + root + ": " + e);
    }
    scheduler.shutdownNow();
  }
}
