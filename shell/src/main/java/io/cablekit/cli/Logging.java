package io.cablekit.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Console logging for the command line: one line per event, on stderr. */
final class Logging {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Strong references: java.util.logging forgets the level of a logger nobody references. */
  private static final java.util.List<Logger> CONFIGURED = new java.util.ArrayList<>();

  private Logging() {}

  /**
   * Configures java.util.logging (the backend of System.Logger).
   *
   * @param level {@code debug}, {@code info}, {@code warn} or {@code error}
   */
  static void configure(String level, PrintStream stream) {
    Level cablekit = switch (level.toLowerCase(Locale.ROOT)) {
      case "debug", "trace" -> Level.FINE;
      case "warn", "warning" -> Level.WARNING;
      case "error", "fatal" -> Level.SEVERE;
      default -> Level.INFO;
    };
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    // a handler of our own stream: ConsoleHandler#setOutputStream would close System.err
    Handler handler = new java.util.logging.StreamHandler(stream, new LineFormatter()) {
      @Override
      public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
      }

      @Override
      public synchronized void close() {
        flush();
      }
    };
    handler.setLevel(Level.ALL);
    handler.setFormatter(new LineFormatter());
    root.addHandler(handler);
    root.setLevel(Level.WARNING);
    // Helidon and gRPC speak at INFO about their own startup; only their problems are shown
    level("io.cablekit", cablekit);
    level("io.helidon", cablekit == Level.FINE ? Level.INFO : Level.WARNING);
    level("io.grpc", Level.WARNING);
  }

  private static void level(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(level);
    synchronized (CONFIGURED) {
      CONFIGURED.add(logger);
    }
  }

  private static final class LineFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
      String level = switch (record.getLevel().getName()) {
        case "SEVERE" -> "ERROR";
        case "WARNING" -> "WARN ";
        case "INFO" -> "INFO ";
        default -> "DEBUG";
      };
      StringBuilder line = new StringBuilder(160)
          .append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
          .append(' ').append(level).append(' ')
          .append(shortName(record.getLoggerName())).append(": ")
          .append(formatMessage(record)).append(System.lineSeparator());
      if (record.getThrown() != null) {
        java.io.StringWriter trace = new java.io.StringWriter();
        record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }

    private static String shortName(String logger) {
      if (logger == null) {
        return "";
      }
      int dot = logger.lastIndexOf('.');
      return dot < 0 ? logger : logger.substring(dot + 1);
    }
  }
}
