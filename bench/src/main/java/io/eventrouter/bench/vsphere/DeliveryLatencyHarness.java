package io.eventrouter.bench.vsphere;

import io.eventrouter.bench.support.ProcStats;
import io.eventrouter.bench.support.RouterLauncher;
import io.eventrouter.bench.support.Stats;
import io.eventrouter.http.ClientTls;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.vsphere.events.GoTime;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.eventrouter.vsphere.vim25.XmlElement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Created → delivered latency against govmomi 0.56's vcsim (a 20 ms update ticker, so the router's own share can be
 * seen): the router as its own process (vcenter provider → knative binary → a CloudEventsReceiver that notes when
 * each event arrives), and in the same run, for the same events, the simulator's own signal: the harness's client
 * waits in WaitForUpdatesEx on its own collector's latestPage and notes when it returns. Single GeneralUserEvents
 * (0.56 hangs on an EventEx without an entity) posted one at a time with random gaps of 20–200 ms.
 *
 * <p>Prints p50/p99/max of both and their ratio; exits 1 when the router's p99 is 100 ms or more.
 * <pre>java -cp bench/target/benchmarks.jar io.eventrouter.bench.vsphere.DeliveryLatencyHarness [samples]
 *     ["JVM options"]</pre>
 */
public final class DeliveryLatencyHarness {

    static final double P99_GOAL_MS = 100;
    /** The message of sample i, as posted and as it appears in the event's data. */
    private static final Pattern SAMPLE = Pattern.compile("latency-sample (\\d+)\\b");

    private DeliveryLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String options = args.length > 1 ? args[1] : "";
        Path jar = RouterLauncher.jar();
        if (!Files.isExecutable(Vcsim.NEWER)) {
            throw new IllegalStateException(Vcsim.NEWER + " is missing: build it with ../shared/tools/vcsim-0.56");
        }
        Map<Integer, Instant> arrived = new ConcurrentHashMap<>();
        Map<Integer, Long> sinceCreated = new ConcurrentHashMap<>();
        boolean met;
        try (Vcsim vcsim = Vcsim.builder().simulator(Vcsim.NEWER).start();
             EventPoster poster = vcsim.eventPoster();
             CloudEventsReceiver sink = CloudEventsReceiver.start(0, false)) {
            sink.respondWith(event -> {
                Instant now = Instant.now();
                Matcher sample = SAMPLE.matcher(event.getData() == null ? ""
                        : new String(event.getData().toBytes(), StandardCharsets.UTF_8));
                if (!sample.find()) {
                    System.out.println("unmatched event: " + event);
                } else {
                    int i = Integer.parseInt(sample.group(1));
                    sinceCreated.put(i, Duration.between(event.getTime().toInstant(), now).toNanos());
                    arrived.put(i, now);
                }
                return CloudEventsReceiver.Reply.of(202);
            });
            int metricsPort = FreePorts.next();
            Path config = Files.createTempFile("latency", ".yaml");
            Files.writeString(config, """
                    apiVersion: event-router.vmware.com/v1alpha1
                    kind: RouterConfig
                    metadata: {name: latency}
                    eventProvider:
                      type: vcenter
                      vcenter:
                        address: https://127.0.0.1:%d/sdk
                        insecureSSL: true
                        checkpoint: false
                        auth: {type: basic_auth, basicAuth: {username: "%s", password: "%s"}}
                    eventProcessor:
                      type: knative
                      knative:
                        encoding: binary
                        destination: {uri: "%s"}
                    metricsProvider:
                      type: default
                      default: {bindAddress: "127.0.0.1:%d"}
                    """.formatted(vcsim.port(), vcsim.username(), vcsim.password(), sink.uri(), metricsPort));
            // -Drouter.log=FILE keeps the router's debug log
            String log = System.getProperty("router.log");
            List<String> command = RouterLauncher.command(jar, RouterLauncher.options(options), config,
                    log == null ? "warn" : "debug");
            Process router = RouterLauncher.start(command,
                    log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(Path.of(log).toFile()));
            try {
                RouterLauncher.awaitReady(router, metricsPort, Duration.ofSeconds(120), Duration.ofMillis(20));
                System.out.printf("vcsim %s, %d samples, java %s, %d cpus, load average %s%n", Vcsim.NEWER, samples,
                        Runtime.version(), Runtime.getRuntime().availableProcessors(),
                        ProcStats.loadAverage());
                met = measure(vcsim, poster, arrived, sinceCreated, samples);
                System.out.printf("the destination received %d requests%n", sink.requestCount());
            } finally {
                RouterLauncher.stop(router);
                Files.deleteIfExists(config);
            }
        }
        // only now that the simulator is stopped: exiting inside would leave it running
        if (!met) {
            System.exit(1);
        }
    }

    private static boolean measure(Vcsim vcsim, EventPoster poster, Map<Integer, Instant> arrived,
                                Map<Integer, Long> sinceCreated, int samples)
            throws Exception {
        List<Long> signal = new ArrayList<>();
        List<Long> delivered = new ArrayList<>();
        int lost = 0;
        try (VimClient client = new VimClient(vcsim.sdkUrl(), ClientTls.systemDefault().context(true),
                Duration.ofSeconds(5), Duration.ofSeconds(60), new SimpleMeterRegistry())) {
            ServiceContent content = client.open(vcsim.username(), vcsim.password());
            var collector = client.createCollectorForEvents(content.eventManager(), content.rootFolder(),
                    client.currentTime());
            client.setCollectorPageSize(collector, 1);
            client.createFilter(content.propertyCollector(), collector, "latestPage");
            String version = client.waitForUpdatesEx(content.propertyCollector(), "", 0).orElse("");
            client.readNextEvents(collector, 1000);
            Random random = new Random(5);
            // warm-up: the router's first deliveries pay for JIT compilation, which is start-up, not latency
            // Samples alternate: even ones measure the router alone (nothing else waits on vcsim), odd ones vcsim's
            // own signal to the harness's client. The first 20 warm up the router's JIT and are not counted.
            for (int i = 0; i < 20 + 2 * samples; i++) {
                boolean signalSample = i % 2 == 1;
                String since = version;
                FutureTask<Optional<String>> wait = new FutureTask<>(
                        () -> client.waitForUpdatesEx(content.propertyCollector(), since, 30));
                if (signalSample) {
                    Thread.ofVirtual().start(wait);
                }
                Thread.sleep(20 + random.nextInt(180));
                poster.post(EventPoster.generalUserEvent("latency-sample " + i));
                if (signalSample) {
                    version = wait.get().orElse(version);
                    Instant woken = Instant.now();
                    List<XmlElement> page = client.readNextEvents(collector, 1000);
                    if (!page.isEmpty() && i >= 20) {
                        Instant created = GoTime.parse(page.getLast().childText("createdTime")).toInstant();
                        signal.add(Duration.between(created, woken).toNanos());
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!arrived.containsKey(i) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                if (i < 20 || signalSample) {
                    continue;
                }
                Long latency = sinceCreated.get(i);
                if (latency == null) {
                    lost++;
                } else {
                    delivered.add(latency);
                }
            }
            if (!signal.isEmpty()) {
                // the harness's collector was not read between its samples: drain it before logging out
                client.readNextEvents(collector, 1000);
            }
            client.logout(content.sessionManager());
        }
        Collections.sort(signal);
        Collections.sort(delivered);
        double routerP99 = percentile(delivered, 0.99);
        double vcsimP99 = percentile(signal, 0.99);
        System.out.println("| latency over " + delivered.size() + " single events | p50 | p99 | max |");
        System.out.println("| --- | --- | --- | --- |");
        System.out.printf(Locale.ROOT, "| created → delivered to the destination (router process) | %.1f ms | %.1f ms | "
                + "%.1f ms |%n", percentile(delivered, 0.5), routerP99, percentile(delivered, 1.0));
        System.out.printf(Locale.ROOT, "| vcsim's own signal: created → WaitForUpdatesEx returns (harness client) | "
                + "%.1f ms | %.1f ms | %.1f ms |%n", percentile(signal, 0.5), vcsimP99, percentile(signal, 1.0));
        System.out.printf(Locale.ROOT, "p99 router / vcsim signal: %.2f; not delivered within 5 s: %d%n",
                routerP99 / vcsimP99, lost);
        boolean met = routerP99 < P99_GOAL_MS && lost == 0;
        System.out.printf("goal p99 < %.0f ms, none lost: %s%n", P99_GOAL_MS, met ? "met" : "MISSED");
        return met;
    }

    /** The percentile of ascending nanoseconds, in milliseconds. */
    private static double percentile(List<Long> sorted, double p) {
        return Stats.percentile(sorted, p) / 1e6;
    }
}
