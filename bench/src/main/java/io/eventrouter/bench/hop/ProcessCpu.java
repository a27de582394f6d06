package io.eventrouter.bench.hop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time (user + system) a process and its descendants have used, from {@code /proc/PID/stat}: for nginx the
 * master and its workers, for the router its JVM (every thread: request handling, JIT, GC).
 */
final class ProcessCpu {

    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcessCpu() {
    }

    /** CPU nanoseconds used so far by {@code process} and every process below it. */
    static long nanos(ProcessHandle process) {
        long ticks = Stream.concat(Stream.of(process), process.descendants()).mapToLong(ProcessCpu::ticks).sum();
        return ticks * (TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND);
    }

    private static long ticks(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime, fields 14 and 15
        } catch (IOException e) {
            return 0; // the process ended
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
