package io.eventrouter.bench.memory;

import io.eventrouter.bench.support.ProcStats;
import io.eventrouter.bench.support.RouterLauncher;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of the router as its own process (webhook → knative binary → a CloudEvents sink answering 202) under a
 * paced load of {@code rate} events/s for {@code seconds}, with the sink answering 503 for {@code outage} seconds in
 * the middle. Every second it reads the router's RSS ({@code /proc/PID/status}) and its heap in use ({@code /metrics});
 * at the end of each third it has the router collect in full ({@code jcmd PID GC.run}) and reads the heap after it.
 * Idle RSS is read after start-up and again after the load. One run per JVM-option variant, one after the other in
 * the same run; the first is the baseline.
 *
 * <p>Prints a table per variant and exits 1 when the last variant's peak RSS is 200 MiB or more, or its heap after a
 * full GC grew by more than 10 % from the end of the first third to the end of the run.
 * <pre>java -cp bench/target/benchmarks.jar io.eventrouter.bench.memory.MemoryHarness [seconds] [outage] [rate]
 *     ["label=JVM options"]...</pre>
 * A word {@code NAME=value} with an upper-case name among the options is an environment variable of the router
 * process (e.g. {@code MALLOC_ARENA_MAX=2}).
 * Default: 600 s, 60 s, 5,000 events/s, variants "JVM defaults=" and the launcher's options.
 */
public final class MemoryHarness {

    static final long RSS_GOAL_MIB = 200;
    /**
     * The launcher's JVM options and malloc settings (./event-router, on Java 23 and newer); the image's are the same
     * with the heap at half the memory limit, 128 MiB under the chart's 256Mi.
     */
    static final String ROUTER_OPTIONS = "MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 -XX:+UseSerialGC -Xmx128m"
            + " -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=10000"
            + " -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000"
            + " -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000";
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\".*} (\\S+)$",
            Pattern.MULTILINE);

    private MemoryHarness() {
    }

    record Sample(double second, double rssMib, double heapMib, boolean outage) {
    }

    record Outcome(String label, double idleMib, double peakMib, double idleAfterMib, double heapFirst,
                   double heapLast, long accepted, long failed, double rate) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int outage = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 5_000;
        List<String[]> variants = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            variants.add(args[i].split("=", 2));
        }
        if (variants.isEmpty()) {
            variants.add(new String[] {"JVM defaults", ""});
            variants.add(new String[] {"router options", ROUTER_OPTIONS});
        }
        Path jar = RouterLauncher.jar();
        System.out.printf("%d s at %.0f events/s, sink outage %d s, java %s, %d cpus, load average %s%n", seconds,
                rate, outage, Runtime.version(), Runtime.getRuntime().availableProcessors(), ProcStats.loadAverage());
        List<Outcome> outcomes = new ArrayList<>();
        for (String[] variant : variants) {
            outcomes.add(run(jar, variant[0], variant[1], seconds, outage, rate));
        }
        System.out.println();
        System.out.println("| JVM options | idle RSS after start | peak RSS | idle RSS after the load | heap after a full "
                + "GC, at 1/3 / at the end | accepted / failed | offered rate |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Outcome o : outcomes) {
            System.out.printf(Locale.ROOT, "| %s | %.0f MiB | %.0f MiB | %.0f MiB | %.1f / %.1f MiB | %d / %d | %.0f/s |%n",
                    o.label(), o.idleMib(), o.peakMib(), o.idleAfterMib(), o.heapFirst(), o.heapLast(), o.accepted(),
                    o.failed(), o.rate());
        }
        Outcome base = outcomes.getFirst();
        Outcome last = outcomes.getLast();
        System.out.printf(Locale.ROOT, "peak RSS %s / %s: %.2f%n", last.label(), base.label(),
                last.peakMib() / base.peakMib());
        boolean flat = last.heapLast() <= last.heapFirst() * 1.10 + 1;
        boolean small = last.peakMib() < RSS_GOAL_MIB;
        System.out.printf("goal peak RSS < %d MiB: %s; heap after a full GC flat (at the end within 10 %% of 1/3): %s%n",
                RSS_GOAL_MIB, small ? "met" : "MISSED", flat ? "met" : "MISSED");
        if (!small || !flat) {
            System.exit(1);
        }
    }

    private static Outcome run(Path jar, String label, String options, int seconds, int outage, double rate)
            throws Exception {
        System.out.printf("%n== %s: %s%n", label, options.isBlank() ? "(none)" : options);
        AtomicBoolean down = new AtomicBoolean();
        try (CloudEventsReceiver sink = CloudEventsReceiver.start(0, false)) {
            sink.respondWith(event -> CloudEventsReceiver.Reply.of(down.get() ? 503 : 202));
            int webhookPort = FreePorts.next();
            int metricsPort = FreePorts.next();
            Path config = Files.createTempFile("memory", ".yaml");
            Files.writeString(config, """
                    apiVersion: event-router.vmware.com/v1alpha1
                    kind: RouterConfig
                    metadata: {name: memory}
                    eventProvider:
                      type: webhook
                      webhook: {bindAddress: "127.0.0.1:%d", path: /webhook}
                    eventProcessor:
                      type: knative
                      knative:
                        encoding: binary
                        destination: {uri: "%s"}
                    metricsProvider:
                      type: default
                      default: {bindAddress: "127.0.0.1:%d"}
                    """.formatted(webhookPort, sink.uri(), metricsPort));
            Process router = RouterLauncher.start(
                    RouterLauncher.command(jar, RouterLauncher.options(options), config, "warn"),
                    RouterLauncher.environment(options), ProcessBuilder.Redirect.DISCARD);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
            try {
                RouterLauncher.awaitReady(router, metricsPort, Duration.ofSeconds(60), Duration.ofMillis(50));
                Thread.sleep(3_000);
                double idle = ProcStats.rssMib(router.pid());
                System.out.printf(Locale.ROOT, "idle RSS after start-up %.0f MiB%n", idle);
                Generator generator = new Generator(client, URI.create("http://127.0.0.1:" + webhookPort + "/webhook"),
                        rate);
                generator.start(64);
                List<Sample> samples = new ArrayList<>();
                long started = System.nanoTime();
                int outageStart = Math.max(0, (seconds - outage) / 2);
                List<Double> afterFullGc = new ArrayList<>();
                for (int s = 1; s <= seconds; s++) {
                    LockSupport.parkNanos(started + s * 1_000_000_000L - System.nanoTime());
                    down.set(s > outageStart && s <= outageStart + outage);
                    Sample sample = new Sample(s, ProcStats.rssMib(router.pid()), heapMib(client, metrics), down.get());
                    samples.add(sample);
                    if (s % Math.max(1, seconds / 3) == 0 && afterFullGc.size() < 3) {
                        afterFullGc.add(heapAfterFullGc(router.pid(), client, metrics));
                    }
                    if (s % 10 == 0) {
                        System.out.printf(Locale.ROOT, "%4d s  RSS %5.0f MiB  heap %6.1f MiB  sent %d  failed %d%s%n",
                                s, sample.rssMib(), sample.heapMib(), generator.accepted.get(),
                                generator.failed.get(), sample.outage() ? "  (sink down)" : "");
                    }
                }
                down.set(false);
                generator.stop();
                double offered = generator.accepted.get() / ((System.nanoTime() - started) / 1e9);
                Thread.sleep(10_000);
                double idleAfter = ProcStats.rssMib(router.pid());
                double peak = samples.stream().mapToDouble(Sample::rssMib).max().orElse(0);
                System.out.printf(Locale.ROOT, "heap after a full GC at the end of each third: %s MiB%n",
                        afterFullGc.stream().map(mib -> String.format(Locale.ROOT, "%.1f", mib)).toList());
                return new Outcome(label, idle, peak, idleAfter, afterFullGc.getFirst(), afterFullGc.getLast(),
                        generator.accepted.get(), generator.failed.get(), offered);
            } finally {
                RouterLauncher.stop(router);
                client.close();
                Files.deleteIfExists(config);
            }
        }
    }

    /**
     * The heap in use right after a full collection ({@code jcmd PID GC.run}, on the JDK that runs the router): what
     * is live, without the old generation's garbage that the serial collector keeps until its next full collection.
     */
    private static double heapAfterFullGc(long pid, HttpClient client, URI metrics) throws Exception {
        Path jcmd = Path.of(RouterLauncher.java()).resolveSibling("jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.run failed");
        }
        return heapMib(client, metrics);
    }

    private static double heapMib(HttpClient client, URI metrics) {
        try {
            String text = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = HEAP.matcher(text);
            double bytes = 0;
            while (m.find()) {
                bytes += Double.parseDouble(m.group(1));
            }
            return bytes / (1024 * 1024);
        } catch (IOException | InterruptedException e) {
            return Double.NaN;
        }
    }

    /**
     * Paced load: each of {@code threads} virtual threads takes the next send slot ({@code rate} per second), waits for
     * it and posts one binary-mode CloudEvent. Slots more than a second late are skipped (not sent), so that the
     * generator does not burst after the sink outage.
     */
    static final class Generator {
        private static final String DATA = """
                {"Key":%d,"CreatedTime":"2026-11-21T10:07:35.155Z","UserName":"VSPHERE.LOCAL\\\\Administrator",\
                "Datacenter":{"Name":"DC0","Datacenter":{"Type":"Datacenter","Value":"datacenter-2"}},\
                "Host":{"Name":"DC0_C0_H0","Host":{"Type":"HostSystem","Value":"host-27"}},\
                "Vm":{"Name":"DC0_C0_RP0_VM0","Vm":{"Type":"VirtualMachine","Value":"vm-57"}},\
                "FullFormattedMessage":"DC0_C0_RP0_VM0 on DC0_C0_H0 in DC0 is powered off"}""";

        private final HttpClient client;
        private final URI target;
        private final long intervalNanos;
        private final AtomicLong slot = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();
        private long origin;

        Generator(HttpClient client, URI target, double rate) {
            this.client = client;
            this.target = target;
            this.intervalNanos = (long) (1e9 / rate);
        }

        void start(int count) {
            origin = System.nanoTime();
            for (int i = 0; i < count; i++) {
                threads.add(Thread.ofVirtual().start(this::loop));
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private void loop() {
            while (running.get()) {
                long n = slot.getAndIncrement();
                long due = origin + n * intervalNanos;
                long late = System.nanoTime() - due;
                if (late > 1_000_000_000L) {
                    // skip ahead to now: those slots are not sent
                    slot.accumulateAndGet((System.nanoTime() - origin) / intervalNanos, Math::max);
                    continue;
                }
                if (late < 0) {
                    LockSupport.parkNanos(-late);
                }
                HttpRequest request = HttpRequest.newBuilder(target)
                        .header("Content-Type", "application/json")
                        .header("ce-specversion", "1.0")
                        .header("ce-id", Long.toString(n))
                        .header("ce-source", "https://vcenter.local/sdk")
                        .header("ce-type", "com.vmware.event.router/event")
                        .header("ce-subject", "VmPoweredOffEvent")
                        .POST(HttpRequest.BodyPublishers.ofString(DATA.formatted(n), StandardCharsets.UTF_8))
                        .build();
                try {
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    (status >= 200 && status < 300 ? accepted : failed).incrementAndGet();
                } catch (IOException | InterruptedException e) {
                    failed.incrementAndGet();
                }
            }
        }
    }
}
