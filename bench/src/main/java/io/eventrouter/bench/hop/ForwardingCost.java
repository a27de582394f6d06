package io.eventrouter.bench.hop;

import io.eventrouter.bench.support.ProcStats;
import io.eventrouter.bench.support.Stats;
import io.eventrouter.testing.FreePorts;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The router as a forwarding hop against nginx doing the same hop: wrk → [nginx proxy_pass | router webhook → knative
 * processor, binary] → one nginx sink answering 202, both hops on this machine, measured in alternating rounds of
 * one run after an unmeasured warm-up of both. Per round: events/s through each hop and the CPU time each hop's
 * processes used per event (nginx master and workers; the router's JVM, every thread), read from
 * {@code /proc/PID/stat}. Prints the medians of the per-round ratios and exits 1 when a goal is missed: throughput
 * ≥ 0.5 × nginx's, CPU per event ≤ 4 × nginx's; 2 when nginx, wrk or the router jar is missing. With
 * {@code --batch N}, every request is a batched-mode request of N events, and the router's knative processor sends
 * batches of up to N ({@code batch: {maxEvents: N}}); events per second count the events in 2xx-answered requests.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.eventrouter.bench.hop.ForwardingCost [--rounds 5]
 * [--seconds 15] [--warmup 20] [--connections 32] [--threads 2] [--batch 1] [--concurrency 64]
 * [--nginx-workers auto] [--jfr router.jfr] [--router-opts "-Xmx256m ..."]}
 */
public final class ForwardingCost {

    static final double THROUGHPUT_GOAL = 0.5;
    static final double CPU_GOAL = 4.0;

    /** One hop's figures in one round. */
    record Measurement(double eventsPerSecond, double cpuMicrosPerEvent, long failed, long p99Micros) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        Duration seconds = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "15")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "20")));
        int connections = Integer.parseInt(options.getOrDefault("connections", "32"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "1"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "64"));
        String workers = options.getOrDefault("nginx-workers", "auto");
        String routerOptions = options.getOrDefault("router-opts", "").strip();
        Path jfr = options.containsKey("jfr") ? Path.of(options.get("jfr")) : null;

        Path nginxBinary = Executables.require("nginx", "nginx-light");
        Path wrkBinary = Executables.require("wrk", "wrk");
        Path jar = RouterProcess.jar();

        int webhookPort = FreePorts.next();
        int metricsPort = FreePorts.next();
        List<Measurement[]> results = new ArrayList<>();
        try (Nginx sink = Nginx.sink(nginxBinary, FreePorts.next(), workers);
             Nginx proxy = Nginx.proxy(nginxBinary, FreePorts.next(), workers, sink.port());
             RouterProcess router = RouterProcess.start(jar, routerConfig(webhookPort, sink.port(), metricsPort,
                     concurrency, batch), routerOptions.isEmpty() ? List.of() : Arrays.asList(routerOptions.split("\\s+")),
                     metricsPort);
             Wrk wrk = new Wrk(wrkBinary, threads, connections, batch)) {
            URI viaNginx = URI.create("http://127.0.0.1:" + proxy.port() + "/webhook");
            URI viaRouter = URI.create("http://127.0.0.1:" + webhookPort + "/webhook");
            System.out.printf("wrk %d threads, %d connections, %s per request; %d rounds of %d s after %d s warm-up "
                            + "of each; nginx workers %s; router delivery concurrency %d%s; java %s, %d cpus%n",
                    threads, connections, batch == 1 ? "1 event (binary mode)" : "a batch of " + batch + " events",
                    rounds, seconds.toSeconds(), warmup.toSeconds(), workers, concurrency,
                    routerOptions.isEmpty() ? "" : ", router JVM options " + routerOptions, Runtime.version(),
                    Runtime.getRuntime().availableProcessors());
            // Unmeasured: the router's JIT compiles its hot path; nginx gets the same load so the machine is alike.
            wrk.run(viaNginx, warmup);
            wrk.run(viaRouter, warmup);
            if (jfr != null) {
                router.startRecording();
            }
            for (int round = 1; round <= rounds; round++) {
                Measurement nginx = measure(wrk, viaNginx, proxy.process(), seconds, batch);
                Measurement routed = measure(wrk, viaRouter, router.process(), seconds, batch);
                results.add(new Measurement[] {nginx, routed});
                System.out.printf("round %d: nginx %,.0f events/s %.1f µs CPU/event (p99 %.1f ms, failed %d) | router %,.0f events/s "
                                + "%.1f µs CPU/event (p99 %.1f ms, failed %d) | throughput %.2f×, CPU/event %.2f×%n",
                        round, nginx.eventsPerSecond(), nginx.cpuMicrosPerEvent(), nginx.p99Micros() / 1000.0,
                        nginx.failed(), routed.eventsPerSecond(), routed.cpuMicrosPerEvent(), routed.p99Micros() / 1000.0,
                        routed.failed(), routed.eventsPerSecond() / nginx.eventsPerSecond(),
                        routed.cpuMicrosPerEvent() / nginx.cpuMicrosPerEvent());
            }
            if (jfr != null) {
                router.stopRecording(jfr);
                System.out.println("flight recording of the measured router rounds: " + jfr.toAbsolutePath()
                        + " (its overhead is in the router's figures above)");
            }
        }
        boolean empty = results.stream().flatMap(Arrays::stream).anyMatch(m -> m.eventsPerSecond() == 0);
        if (empty) {
            System.out.println("a hop answered no request with 2xx in a round: see the failed counts above");
        }
        System.exit(report(results) && !empty ? 0 : 1);
    }

    private static Measurement measure(Wrk wrk, URI target, ProcessHandle hop, Duration seconds, int batch)
            throws Exception {
        long cpuBefore = ProcStats.treeCpuNanos(hop);
        Wrk.Result result = wrk.run(target, seconds);
        long cpu = ProcStats.treeCpuNanos(hop) - cpuBefore;
        long events = result.succeeded() * batch;
        return new Measurement(events / (result.duration().toNanos() / 1e9), events == 0 ? Double.NaN : cpu / 1e3 / events,
                result.failed(), result.p99Micros());
    }

    /** Prints the table and the medians; true when both goals are met. */
    private static boolean report(List<Measurement[]> results) {
        System.out.println();
        System.out.println("| round | nginx (events/s) | router (events/s) | throughput ratio | nginx CPU/event (µs) "
                + "| router CPU/event (µs) | CPU/event ratio |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        List<Double> throughput = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Measurement nginx = results.get(i)[0];
            Measurement routed = results.get(i)[1];
            throughput.add(routed.eventsPerSecond() / nginx.eventsPerSecond());
            cpu.add(routed.cpuMicrosPerEvent() / nginx.cpuMicrosPerEvent());
            System.out.printf("| %d | %,.0f | %,.0f | %.2f | %.1f | %.1f | %.2f |%n", i + 1, nginx.eventsPerSecond(),
                    routed.eventsPerSecond(), throughput.getLast(), nginx.cpuMicrosPerEvent(),
                    routed.cpuMicrosPerEvent(), cpu.getLast());
        }
        double throughputRatio = Stats.median(throughput);
        double cpuRatio = Stats.median(cpu);
        System.out.printf("| **median** | | | **%.2f** (goal ≥ %.1f) | | | **%.2f** (goal ≤ %.1f) |%n", throughputRatio,
                THROUGHPUT_GOAL, cpuRatio, CPU_GOAL);
        boolean met = throughputRatio >= THROUGHPUT_GOAL && cpuRatio <= CPU_GOAL;
        System.out.printf("%nrouter/nginx throughput %.2f× (goal ≥ %.1f×): %s; CPU per event %.2f× (goal ≤ %.1f×): %s%n",
                throughputRatio, THROUGHPUT_GOAL, throughputRatio >= THROUGHPUT_GOAL ? "met" : "MISSED", cpuRatio,
                CPU_GOAL, cpuRatio <= CPU_GOAL ? "met" : "MISSED");
        return met;
    }

    private static String routerConfig(int webhookPort, int sinkPort, int metricsPort, int concurrency, int batch) {
        return """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: forwarding-cost}
                eventProvider:
                  type: webhook
                  webhook: {bindAddress: "127.0.0.1:%d", path: /webhook}
                eventProcessor:
                  type: knative
                  knative:
                    encoding: binary
                    destination: {uri: "http://127.0.0.1:%d/"}%s
                  delivery: {concurrency: %d}
                metricsProvider:
                  type: default
                  default: {bindAddress: "127.0.0.1:%d"}
                """.formatted(webhookPort, sinkPort,
                batch > 1 ? "\n    batch: {maxEvents: " + batch + "}" : "", concurrency, metricsPort);
    }

    /** {@code --name value} pairs. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: ForwardingCost [--rounds N] [--seconds N] [--warmup N] [--connections N] "
                        + "[--threads N] [--batch N] [--concurrency N] [--nginx-workers N|auto] [--jfr FILE] "
                        + "[--router-opts \"JVM options\"]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
