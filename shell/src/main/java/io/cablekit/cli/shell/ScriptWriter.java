package io.cablekit.cli.shell;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Writes a recorded session as a script of shell commands, replayable with {@code shell --script}. */
final class ScriptWriter {
  private ScriptWriter() {}

  static String write(Recording rec, ShellOptions options) {
    StringBuilder out = new StringBuilder();
    out.append("# Recorded with the CableKit shell on ")
        .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(".\n");
    out.append("# Replay: java -jar cablekit.jar shell ")
        .append(options.embedded() ? "--embedded" : options.url() != null ? "--url=" + options.url() : "")
        .append(" --script=").append(rec.file().getFileName()).append('\n');
    out.append("# (connect without a URL goes to the shell's --url or embedded server; the first failed\n")
        .append("# expect or error ends the script with exit code 1)\n");
    rec.lines().forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }
}
