package io.eventrouter.bench.hop;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Summarises a flight recording of the router under load: where CPU samples land (by library of the top frame, by
 * method itself, and by the router's and the CloudEvents SDK's methods including what they call), and what is
 * allocated (by class, and by the first frame outside the JDK that asked for it), with bytes per event when the
 * number of events is given.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.eventrouter.bench.hop.JfrSummary router.jfr [events] [top=20]}
 */
public final class JfrSummary {

    private static final List<String[]> LIBRARIES = List.of(
            new String[] {"io.eventrouter.", "router"},
            new String[] {"io.cloudevents.", "CloudEvents SDK"},
            new String[] {"org.eclipse.jetty.", "Jetty"},
            new String[] {"com.fasterxml.jackson.", "Jackson"},
            new String[] {"io.micrometer.", "Micrometer"},
            new String[] {"ch.qos.logback.", "logging"},
            new String[] {"org.slf4j.", "logging"},
            new String[] {"java.lang.VirtualThread", "JDK: virtual threads"},
            new String[] {"jdk.internal.vm.Continuation", "JDK: virtual threads"},
            new String[] {"java.util.concurrent.ForkJoin", "JDK: virtual threads"},
            new String[] {"java.util.concurrent.", "JDK: java.util.concurrent"},
            new String[] {"sun.nio.", "JDK: NIO"},
            new String[] {"java.nio.", "JDK: NIO"},
            new String[] {"java.", "JDK: other"},
            new String[] {"jdk.", "JDK: other"},
            new String[] {"sun.", "JDK: other"});

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JfrSummary FILE.jfr [events] [top=20]");
            System.exit(2);
        }
        long events = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Map<String, Long> cpuByLibrary = new HashMap<>();
        Map<String, Long> cpuSelf = new HashMap<>();
        Map<String, Long> cpuInclusive = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        long gcs = 0;
        Duration gcPause = Duration.ZERO;
        Instant first = null;
        Instant last = null;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
            last = last == null || event.getEndTime().isAfter(last) ? event.getEndTime() : last;
            switch (event.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    List<RecordedFrame> frames = frames(event.getStackTrace());
                    if (frames.isEmpty()) {
                        continue;
                    }
                    samples++;
                    String topMethod = name(frames.getFirst());
                    cpuSelf.merge(topMethod, 1L, Long::sum);
                    cpuByLibrary.merge(library(topMethod), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame frame : frames) {
                        String method = name(frame);
                        if ((method.startsWith("io.eventrouter.") || method.startsWith("io.cloudevents."))
                                && seen.add(method)) {
                            cpuInclusive.merge(method, 1L, Long::sum);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = event.getLong("weight");
                    allocated += weight;
                    allocByClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                    allocBySite.merge(site(frames(event.getStackTrace())), weight, Long::sum);
                }
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    gcPause = gcPause.plus(event.getDuration("sumOfPauses"));
                }
                default -> { }
            }
        }
        Duration span = first == null ? Duration.ZERO : Duration.between(first, last);
        System.out.printf("recording of %.1f s: %d CPU samples, %.1f MiB allocated (%.1f MiB/s), %d GCs, %d ms paused%n",
                span.toMillis() / 1e3, samples, allocated / 1048576.0, allocated / 1048576.0 / Math.max(1e-3, span.toMillis() / 1e3),
                gcs, gcPause.toMillis());
        if (events > 0) {
            System.out.printf("%d events: %.0f bytes allocated per event%n", events, (double) allocated / events);
        }
        print("CPU samples by library of the top frame", cpuByLibrary, samples, top, "%");
        print("CPU samples by method (self)", cpuSelf, samples, top, "%");
        print("CPU samples in router / CloudEvents SDK methods, including what they call", cpuInclusive, samples, top, "%");
        print("allocation by class", allocByClass, allocated, top, "%");
        print("allocation by first frame outside the JDK", allocBySite, allocated, top, "%");
    }

    private static List<RecordedFrame> frames(RecordedStackTrace stack) {
        return stack == null ? List.of() : stack.getFrames().stream().filter(RecordedFrame::isJavaFrame).toList();
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method.getType().getName() + "." + method.getName();
    }

    private static String library(String method) {
        for (String[] library : LIBRARIES) {
            if (method.startsWith(library[0])) {
                return library[1];
            }
        }
        return "other";
    }

    private static String site(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String method = name(frame);
            if (!library(method).startsWith("JDK")) {
                return method;
            }
        }
        return frames.isEmpty() ? "(no stack)" : "JDK: " + name(frames.getFirst());
    }

    private static void print(String title, Map<String, Long> counts, long total, int top, String unit) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f %s  %s%n", 100.0 * e.getValue() / Math.max(1, total), unit,
                        e.getKey()));
    }
}
