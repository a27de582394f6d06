package io.eventrouter.bench.vsphere;

import io.cloudevents.CloudEvent;
import io.eventrouter.bench.support.ProcStats;
import io.eventrouter.bench.support.RouterLauncher;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many vCenters in one router: {@code count} vcsim 0.24.2 processes on 127.0.0.1 (the lightest inventory, {@code
 * -cluster 0 -host 1 -vm 1 -ds 1}, over https), one router process with a vcenter provider for each and one Knative
 * destination. Measures process start → {@code /readyz} 200 (every provider connected), one event posted into each
 * vcsim → delivered (the CloudEvent's source names the vcsim), the router's CPU over {@code idleSeconds} of quiet
 * ({@code /proc/PID/stat}, all threads, user and system, as % of one core) and its RSS.
 *
 * <p>Exits 1 when not every vcsim's event was delivered or the idle CPU is 5 % of a core or more.
 * <pre>java -cp bench/target/benchmarks.jar io.eventrouter.bench.vsphere.ManyVcentersHarness [count] [idleSeconds]
 *     ["JVM options"]</pre>
 */
public final class ManyVcentersHarness {

    static final double IDLE_CPU_GOAL_PERCENT = 5.0;

    private ManyVcentersHarness() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        String options = args.length > 2 ? args[2] : "";
        Path jar = RouterLauncher.jar();
        List<Vcsim> simulators = Collections.synchronizedList(new ArrayList<>());
        long simulatorsStarted = System.nanoTime();
        try (ExecutorService starting = Executors.newFixedThreadPool(4);
             CloudEventsReceiver sink = CloudEventsReceiver.start(0, false)) {
            List<Future<Vcsim>> starts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                starts.add(starting.submit(() -> Vcsim.builder()
                        .args("-cluster", "0", "-host", "1", "-vm", "1", "-ds", "1").start()));
            }
            try {
                for (Future<Vcsim> start : starts) {
                    simulators.add(start.get());
                }
                System.out.printf(Locale.ROOT, "%d vcsim processes started in %.1f s; java %s, %d cpus, load average"
                                + " %s%n", count, (System.nanoTime() - simulatorsStarted) / 1e9, Runtime.version(),
                        Runtime.getRuntime().availableProcessors(), ProcStats.loadAverage());
                run(jar, options, simulators, sink, idleSeconds);
            } finally {
                for (Future<Vcsim> start : starts) {
                    if (start.isDone() && start.state() == Future.State.SUCCESS) {
                        start.resultNow().close();
                    }
                }
            }
        }
    }

    private static void run(Path jar, String options, List<Vcsim> simulators, CloudEventsReceiver sink,
                            int idleSeconds) throws Exception {
        Set<String> sources = ConcurrentHashMap.newKeySet();
        sink.respondWith(event -> {
            sources.add(sourceHost(event));
            return CloudEventsReceiver.Reply.of(202);
        });
        int metricsPort = FreePorts.next();
        StringBuilder providers = new StringBuilder();
        for (int i = 0; i < simulators.size(); i++) {
            Vcsim vcsim = simulators.get(i);
            providers.append("""
                      - type: vcenter
                        name: vc-%d
                        vcenter:
                          address: https://127.0.0.1:%d/sdk
                          insecureSSL: true
                          checkpoint: false
                          auth: {type: basic_auth, basicAuth: {username: "%s", password: "%s"}}
                    """.formatted(i, vcsim.port(), vcsim.username(), vcsim.password()));
        }
        Path config = Files.createTempFile("many-vcenters", ".yaml");
        Files.writeString(config, """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: many-vcenters}
                eventProviders:
                %seventProcessors:
                  - type: knative
                    name: sink
                    knative:
                      encoding: binary
                      destination: {uri: "%s"}
                metricsProvider:
                  type: default
                  default: {bindAddress: "127.0.0.1:%d"}
                """.formatted(providers, sink.uri(), metricsPort));
        List<String> command = RouterLauncher.command(jar, RouterLauncher.options(options), config, "warn");
        long started = System.nanoTime();
        Process router = RouterLauncher.start(command, ProcessBuilder.Redirect.DISCARD);
        boolean passed;
        try {
            RouterLauncher.awaitReady(router, metricsPort, Duration.ofSeconds(300), Duration.ofMillis(20));
            double readySeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "router start → /readyz 200 (all %d connected): %.2f s, RSS %.0f MiB%n",
                    simulators.size(), readySeconds, ProcStats.rssMib(router.pid()));

            long posted = System.nanoTime();
            for (Vcsim vcsim : simulators) {
                try (EventPoster poster = vcsim.eventPoster()) {
                    poster.post(EventPoster.generalUserEvent("many-vcenters " + vcsim.port()));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (sources.size() < simulators.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int delivered = (int) simulators.stream().filter(v -> sources.contains("127.0.0.1:" + v.port())).count();
            System.out.printf(Locale.ROOT, "one event posted into each vcsim → delivered from %d of %d in %.2f s%n",
                    delivered, simulators.size(), (System.nanoTime() - posted) / 1e9);

            Thread.sleep(5_000); // deliveries and their checkpoints settle
            long cpuBefore = ProcStats.cpuNanos(router.pid());
            long idleStarted = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(idleSeconds));
            long cpuAfter = ProcStats.cpuNanos(router.pid());
            double wall = (System.nanoTime() - idleStarted) / 1e9;
            double percent = 100.0 * (cpuAfter - cpuBefore) / 1e9 / wall;
            double rss = ProcStats.rssMib(router.pid());
            System.out.printf(Locale.ROOT, "idle for %.0f s: router CPU %.2f %% of a core (%.2f s), RSS %.0f MiB,"
                            + " threads %d%n", wall, percent, (cpuAfter - cpuBefore) / 1e9, rss,
                    ProcStats.threads(router.pid()));
            boolean allDelivered = delivered == simulators.size();
            boolean idle = percent < IDLE_CPU_GOAL_PERCENT;
            System.out.printf("goals: every vcsim's event delivered: %s; idle CPU < %.0f %% of a core: %s%n",
                    allDelivered ? "met" : "MISSED", IDLE_CPU_GOAL_PERCENT, idle ? "met" : "MISSED");
            passed = allDelivered && idle;
        } finally {
            RouterLauncher.stop(router);
            Files.deleteIfExists(config);
        }
        if (!passed) {
            System.exit(1);
        }
    }

    private static String sourceHost(CloudEvent event) {
        URI source = event.getSource();
        return source.getHost() + ":" + source.getPort();
    }
}
