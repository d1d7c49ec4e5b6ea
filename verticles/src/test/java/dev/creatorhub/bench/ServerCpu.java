package dev.creatorhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A benchmark target's process CPU time (user + system, its threads, its waited-for children and its
 * running child processes, e.g. the dev stack's redis-server), read from {@code /proc/<pid>/stat} in
 * clock ticks; {@code -Dclock.ticks} gives the tick rate (default 100).
 */
final class ServerCpu {

  private static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("clock.ticks", "100"));
  private final long pid;

  ServerCpu(long pid) {
    this.pid = pid;
  }

  /** CPU seconds used so far by the process and its running descendants (children's children too). */
  double seconds() {
    Map<Long, String[]> stats = new HashMap<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit)).forEach(name -> {
        String[] fields = fields(Path.of("/proc", name, "stat"));
        if (fields != null) {
          stats.put(Long.parseLong(name), fields);
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    long ticks = 0;
    for (Map.Entry<Long, String[]> process : stats.entrySet()) {
      String[] fields = process.getValue();
      boolean self = process.getKey() == pid;
      if (self || descends(Long.parseLong(fields[1]), stats)) {
        // utime, stime, and for the target itself its waited-for children's cutime and cstime
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + (self ? Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : 0);
      }
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** The target's CPU seconds per second over the next {@code seconds} (e.g. quiet, for the idle cost to subtract). */
  double perSecondOver(int seconds) throws InterruptedException {
    long wallFrom = System.nanoTime();
    double from = seconds();
    Thread.sleep(seconds * 1000L);
    return (seconds() - from) / ((System.nanoTime() - wallFrom) / 1e9);
  }

  /** CPU seconds used so far by the target's own threads whose name (as the kernel keeps it, 15 characters) passes {@code name}. */
  double threadSeconds(Predicate<String> name) {
    long ticks = 0;
    try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path thread : threads.toList()) {
        try {
          String line = Files.readString(thread.resolve("stat"));
          if (name.test(line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')))) {
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        } catch (IOException gone) {
          // the thread ended
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the threads of " + pid, e);
    }
    return ticks / TICKS_PER_SECOND;
  }

  private boolean descends(long parent, Map<Long, String[]> stats) {
    for (int depth = 0; depth < 16 && parent > 1; depth++) {
      if (parent == pid) {
        return true;
      }
      String[] fields = stats.get(parent);
      if (fields == null) {
        return false;
      }
      parent = Long.parseLong(fields[1]);
    }
    return false;
  }

  /** The fields after the command name (which may hold spaces), or null for a process that has gone. */
  private static String[] fields(Path stat) {
    try {
      String line = Files.readString(stat);
      return line.substring(line.lastIndexOf(')') + 2).split(" ");
    } catch (IOException gone) {
      return null;
    }
  }
}
