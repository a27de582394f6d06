package io.eventrouter.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.routing.TrackedEvent;
import io.eventrouter.spi.DeliveryResult;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The original router's {@code /stats} document (Go expvar): {@code vmware.event.router.stats.<name>} with
 * {@code events_total}, {@code events_err}, {@code events_per_sec} for providers and per-subject
 * {@code invocations} for processors, plus {@code system.*}, {@code cmdline} and a {@code memstats} with the JVM's
 * figures under the Go names dashboards read ({@code Alloc}, {@code HeapAlloc}, {@code HeapSys}, {@code Sys},
 * {@code NumGC}).
 */
public final class VebaStats implements RouterObserver {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /**
     * Subjects kept per processor, each cut to 256 characters; later subjects are counted under "(other)". The
     * original kept one entry per subject for ever, which a sender of unique subjects grows without bound.
     */
    static final ContentKeys SUBJECTS = new ContentKeys(1000, 256);

    private static final class ProviderStats {
        final String key;
        final String address;
        final Instant started;
        final AtomicLong total = new AtomicLong();
        final AtomicLong errors = new AtomicLong();

        ProviderStats(String key, String address, Instant started) {
            this.key = key;
            this.address = address;
            this.started = started;
        }
    }

    private static final class ProcessorStats {
        final String key;
        final String address;
        final Instant started;
        final boolean listsDeclined;
        final Map<String, long[]> invocations = new ConcurrentHashMap<>();

        ProcessorStats(String key, String address, Instant started, boolean listsDeclined) {
            this.key = key;
            this.address = address;
            this.started = started;
            this.listsDeclined = listsDeclined;
        }

        void seen(CloudEvent event) {
            SUBJECTS.entry(invocations, subjectOf(event), s -> new long[2]);
        }

        void count(CloudEvent event, boolean success) {
            long[] counts = SUBJECTS.entry(invocations, subjectOf(event), s -> new long[2]);
            synchronized (counts) {
                counts[success ? 0 : 1]++;
            }
        }
    }

    private final Clock clock;
    private final Instant processStart;
    private final String programName;
    private final List<String> commandLine;
    private final Map<String, ProviderStats> providers = new ConcurrentHashMap<>();
    private final Map<String, ProcessorStats> processors = new ConcurrentHashMap<>();

    public VebaStats(Clock clock, String programName, List<String> commandLine) {
        this.clock = clock;
        this.processStart = clock.instant();
        this.programName = programName;
        this.commandLine = List.copyOf(commandLine);
    }

    /** @param name the provider's name in the router; {@code key} its key in the document */
    public void registerProvider(String name, String key, String address) {
        providers.put(name, new ProviderStats(key, address, clock.instant()));
    }

    public void registerProcessor(String name, String key, String address) {
        registerProcessor(name, key, address, false);
    }

    /** @param listsDeclined whether subjects the processor declined are listed with zero counts */
    public void registerProcessor(String name, String key, String address, boolean listsDeclined) {
        processors.put(name, new ProcessorStats(key, address, clock.instant(), listsDeclined));
    }

    @Override
    public void received(TrackedEvent event) {
        ProviderStats stats = providers.get(event.provider());
        if (stats != null) {
            stats.total.incrementAndGet();
        }
    }

    @Override
    public void providerError(String provider) {
        ProviderStats stats = providers.get(provider);
        if (stats != null) {
            stats.errors.incrementAndGet();
        }
    }

    @Override
    public void declined(String processor, TrackedEvent event) {
        ProcessorStats stats = processors.get(processor);
        if (stats != null && stats.listsDeclined) {
            stats.seen(event.event());
        }
    }

    @Override
    public void delivered(String processor, TrackedEvent event, DeliveryResult result, int attempts) {
        ProcessorStats stats = processors.get(processor);
        if (stats != null) {
            stats.count(event.event(), true);
        }
    }

    @Override
    public void deadLettered(String processor, TrackedEvent event, DeliveryResult lastResult, String sink) {
        failed(processor, event);
    }

    @Override
    public void dropped(String processor, TrackedEvent event, DeliveryResult lastResult) {
        failed(processor, event);
    }

    private void failed(String processor, TrackedEvent event) {
        ProcessorStats stats = processors.get(processor);
        if (stats != null) {
            stats.count(event.event(), false);
        }
        ProviderStats provider = providers.get(event.provider());
        if (provider != null) {
            provider.errors.incrementAndGet();
        }
    }

    /** The whole document, keys sorted as expvar sorts them. */
    public ObjectNode render() {
        Instant now = clock.instant();
        Map<String, ObjectNode> routerStats = new TreeMap<>();
        for (ProviderStats stats : providers.values()) {
            ObjectNode node = JSON.objectNode();
            node.put("type", "EventProvider");
            node.put("address", stats.address);
            node.put("started", goTime(stats.started));
            node.put("events_total", stats.total.get());
            node.put("events_err", stats.errors.get());
            node.set("events_per_sec", goFloat(perSecond(stats.total.get(), Duration.between(stats.started, now))));
            routerStats.put(stats.key, node);
        }
        for (ProcessorStats stats : processors.values()) {
            ObjectNode node = JSON.objectNode();
            node.put("type", "EventProcessor");
            node.put("address", stats.address);
            node.put("started", goTime(stats.started));
            if (!stats.invocations.isEmpty()) {
                ObjectNode invocations = node.putObject("invocations");
                new TreeMap<>(stats.invocations).forEach((subject, counts) -> {
                    synchronized (counts) {
                        invocations.putObject(subject).put("SuccessCount", counts[0]).put("FailureCount", counts[1]);
                    }
                });
            }
            routerStats.put(stats.key, node);
        }
        ObjectNode root = JSON.objectNode();
        root.set("cmdline", JSON.arrayNode().addAll(commandLine.stream().map(JSON::textNode).toList()));
        root.set("memstats", memstats());
        double[] load = loadAverages();
        ObjectNode allLoad = root.putObject("system.allLoad");
        allLoad.set("Load1", goFloat(load[0]));
        allLoad.set("Load5", goFloat(load[1]));
        allLoad.set("Load15", goFloat(load[2]));
        root.set("system.lastLoad", goFloat(load[0]));
        root.put("system.numberOfSeconds", Duration.between(processStart, now).toSeconds());
        root.put("system.programName", programName);
        ObjectNode stats = root.putObject("vmware.event.router.stats");
        routerStats.forEach(stats::set);
        return root;
    }

    /**
     * A time as Go's JSON writes one (RFC 3339 with as many fraction digits as needed, trailing zeros dropped), in
     * UTC as the original's {@code time.Now().UTC()}: to the clock's precision (microseconds here, nanoseconds in Go).
     */
    static String goTime(Instant instant) {
        String text = instant.toString();
        int dot = text.indexOf('.');
        if (dot < 0) {
            return text;
        }
        int end = text.length() - 1;
        int last = end - 1;
        while (last > dot && text.charAt(last) == '0') {
            last--;
        }
        return (last == dot ? text.substring(0, dot) : text.substring(0, last + 1)) + "Z";
    }

    /** A float as Go's JSON writes one: whole numbers without a fraction ({@code 0}, not {@code 0.0}). */
    static JsonNode goFloat(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return JSON.numberNode((long) value);
        }
        return JSON.numberNode(BigDecimal.valueOf(value).stripTrailingZeros());
    }

    private static double perSecond(long total, Duration elapsed) {
        double seconds = Math.max(1e-3, elapsed.toMillis() / 1000.0);
        return BigDecimal.valueOf(total / seconds).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    private static ObjectNode memstats() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        long collections = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, gc.getCollectionCount());
        }
        return JSON.objectNode()
                .put("Alloc", heap.getUsed())
                .put("HeapAlloc", heap.getUsed())
                .put("HeapSys", heap.getCommitted())
                .put("Sys", heap.getCommitted() + nonHeap.getCommitted())
                .put("NumGC", collections);
    }

    private static double[] loadAverages() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[]{Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new double[]{one, one, one};
        }
    }

    static String subjectOf(CloudEvent event) {
        return event.getSubject() != null && !event.getSubject().isEmpty() ? event.getSubject() : event.getType();
    }
}
