package io.eventrouter.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} says about another process: CPU time (every thread, user and system, JIT and GC
 * included for a JVM), resident memory, thread count, and the machine's load average.
 */
public final class ProcStats {

    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcStats() {
    }

    /** CPU nanoseconds (user + system) used so far by {@code pid}. */
    public static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime, fields 14 and 15
        return ticks * (TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND);
    }

    /**
     * CPU nanoseconds used so far by {@code process} and every process below it (nginx: its master and workers).
     * A process that ended meanwhile counts 0.
     */
    public static long treeCpuNanos(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants()).mapToLong(p -> {
            try {
                return cpuNanos(p.pid());
            } catch (IOException ended) {
                return 0;
            }
        }).sum();
    }

    /** Resident set size of {@code pid} in MiB ({@code VmRSS}), 0 when not reported. */
    public static double rssMib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return 0;
    }

    /** Number of threads of {@code pid}. */
    public static long threads(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        }
    }

    /** The machine's one-minute load average, printed beside results (a busy machine explains a slow run). */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** USER_HZ, the unit of {@code /proc/PID/stat}'s times: 100 on Linux unless getconf says otherwise. */
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
