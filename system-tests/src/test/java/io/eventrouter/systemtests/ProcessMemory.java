package io.eventrouter.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a Linux process's resident memory from /proc. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Resident set size in bytes, or 0 when the process is gone. */
    static long rss(long pid) {
        return field(pid, "VmRSS:");
    }

    /** Peak resident set size in bytes since the process started. */
    static long peakRss(long pid) {
        return field(pid, "VmHWM:");
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
