package dev.creatorhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark target's process CPU time (user + system, its threads and waited-for children), read
 * from {@code /proc/<pid>/stat} in clock ticks; {@code -Dclock.ticks} gives the tick rate (default 100).
 */
final class ServerCpu {

  private static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("clock.ticks", "100"));
  private final Path stat;

  ServerCpu(long pid) {
    this.stat = Path.of("/proc", Long.toString(pid), "stat");
  }

  /** CPU seconds used so far. */
  double seconds() {
    try {
      String line = Files.readString(stat);
      // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      return (utime + stime) / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + stat, e);
    }
  }
}
