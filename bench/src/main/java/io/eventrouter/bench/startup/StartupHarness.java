package io.eventrouter.bench.startup;

import io.eventrouter.bench.support.RouterLauncher;
import io.eventrouter.bench.support.Stats;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.vsphere.vcsim.Vcsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Start-up of the router as its own process: process start → {@code /readyz} 200, with a webhook configuration and
 * with a vCenter configuration (vcsim 0.24.2 over plain HTTP behind {@link LoginTimer}, which measures how long the
 * router waits for vcsim's Login so that it can be reported apart), each with the JVM's ahead-of-time cache (as
 * {@code ./event-router} starts it) and without it (plain {@code java -jar}), alternating in every round.
 *
 * <p>The cache is built first by {@code scripts/build-aot-cache.sh} with the harness's own java (25 or newer) and the
 * same JVM options as the measured runs. Prints every start, the medians and the ratios with/without, and exits 1
 * when the goals are missed: with the cache, webhook < 1,000 ms, vCenter (login excluded) < 1,500 ms.
 * <pre>java -cp bench/target/benchmarks.jar io.eventrouter.bench.startup.StartupHarness [rounds]</pre>
 * JVM options for both variants: {@code -Drouter.jvm="-Xss512k ..."} (default: the launcher's defaults).
 */
public final class StartupHarness {

    static final long WEBHOOK_GOAL_MS = 1_000;
    static final long VCENTER_GOAL_MS = 1_500;

    private StartupHarness() {
    }

    record Ready(long millis, long cpuMillis) {
    }

    record Start(String config, boolean cached, long readyMillis, long loginMillis, long cpuMillis) {
        long withoutLogin() {
            return readyMillis - loginMillis;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path root = Path.of("").toAbsolutePath();
        Path jar = RouterLauncher.jar();
        String java = RouterLauncher.java();
        List<String> jvm = jvmOptions();
        Path cache = Files.createTempDirectory("startup-").resolve("event-router.aot");
        buildCache(root, java, jar, cache, jvm);
        System.out.printf("java %s, %d cpus, JVM options %s, %d rounds%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), jvm, rounds);

        List<Start> starts = new ArrayList<>();
        try (CloudEventsReceiver sink = CloudEventsReceiver.start(0, false);
             Vcsim vcsim = Vcsim.builder().plainHttp().args("-cluster", "0", "-host", "1", "-vm", "1").start();
             LoginTimer login = LoginTimer.start(vcsim.port())) {
            Map<String, Path> configs = new TreeMap<>(Map.of(
                    "vcenter", config("vcenter", sink, login.port(), vcsim),
                    "webhook", config("webhook", sink, 0, vcsim)));
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, Path> config : configs.entrySet()) {
                    // which variant goes first alternates, so that neither always follows the other's page cache
                    for (boolean cached : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                        login.reset();
                        Ready ready = timeToReady(jvm, cached ? cache : null, jar, config.getValue());
                        Start start = new Start(config.getKey(), cached, ready.millis(),
                                config.getKey().equals("vcenter") ? login.millis() : 0, ready.cpuMillis());
                        starts.add(start);
                        System.out.printf("round %d %-8s %-10s ready %5d ms   login %4d ms   ready - login %5d ms"
                                        + "   router CPU until ready %5d ms%n", round, start.config(),
                                cached ? "AOT cache" : "no cache", start.readyMillis(), start.loginMillis(),
                                start.withoutLogin(), start.cpuMillis());
                    }
                }
            }
        } finally {
            Files.deleteIfExists(cache);
            Files.deleteIfExists(cache.getParent());
        }
        boolean met = report(starts, "webhook", WEBHOOK_GOAL_MS) & report(starts, "vcenter", VCENTER_GOAL_MS);
        if (!met) {
            System.exit(1);
        }
    }

    /** ./event-router's default JVM options. */
    static final String LAUNCHER_OPTIONS = "-XX:+UseSerialGC -Xmx128m -Xss512k -XX:ReservedCodeCacheSize=64m"
            + " -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=10000 -XX:Tier4InvocationThreshold=50000"
            + " -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000"
            + " -XX:Tier4BackEdgeThreshold=400000";

    /** The launcher's JVM options, or {@code -Drouter.jvm}. */
    static List<String> jvmOptions() {
        return RouterLauncher.options(System.getProperty("router.jvm", LAUNCHER_OPTIONS));
    }

    private static void buildCache(Path root, String java, Path jar, Path cache, List<String> jvm)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("scripts/build-aot-cache.sh").toString(),
                "--java", java, "--jar", jar.toString(), "--output", cache.toString(), "--"));
        command.addAll(jvm);
        long started = System.nanoTime();
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the ahead-of-time cache could not be built (exit " + exit + ")");
        }
        System.out.printf("ahead-of-time cache: %d MiB, built in %d ms%n", Files.size(cache) >> 20,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static Path config(String kind, CloudEventsReceiver sink, int vcenterPort, Vcsim vcsim) throws IOException {
        String provider = kind.equals("webhook")
                ? "  type: webhook\n  webhook: {bindAddress: \"127.0.0.1:%d\", path: /webhook}\n"
                        .formatted(FreePorts.next())
                : """
                  type: vcenter
                  vcenter:
                    address: http://127.0.0.1:%d/sdk
                    checkpoint: false
                    auth: {type: basic_auth, basicAuth: {username: "%s", password: "%s"}}
                """.formatted(vcenterPort, vcsim.username(), vcsim.password());
        Path config = Files.createTempFile("startup-" + kind, ".yaml");
        config.toFile().deleteOnExit();
        Files.writeString(config, """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: startup}
                eventProvider:
                %seventProcessor:
                  type: knative
                  knative:
                    encoding: binary
                    destination: {uri: "%s"}
                metricsProvider:
                  type: default
                  default: {bindAddress: "127.0.0.1:%d"}
                """.formatted(provider, sink.uri(), FreePorts.next()));
        return config;
    }

    /**
     * Starts the router, polls {@code /readyz} every 5 ms, returns the milliseconds to its first 200 and the CPU time
     * the router had used by then (all its threads, user and system), stops it.
     */
    static Ready timeToReady(List<String> jvm, Path cache, Path jar, Path config)
            throws IOException, InterruptedException {
        String yaml = Files.readString(config);
        int metricsPort = Integer.parseInt(yaml.replaceAll("(?s).*bindAddress: \"127.0.0.1:(\\d+)\"}\\s*$", "$1"));
        List<String> options = new ArrayList<>(jvm);
        if (cache != null) {
            options.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off,cds=off", "-Xlog:aot=error,cds=error:stderr"));
        }
        List<String> command = RouterLauncher.command(jar, options, config, "warn");
        long started = System.nanoTime();
        Process router = RouterLauncher.start(command, ProcessBuilder.Redirect.DISCARD);
        try {
            RouterLauncher.awaitReady(router, metricsPort, Duration.ofSeconds(60), Duration.ofMillis(5));
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Ready(millis, router.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L));
        } catch (IllegalStateException notReady) {
            throw new IllegalStateException(notReady.getMessage() + ": " + command);
        } finally {
            RouterLauncher.stop(router);
        }
    }

    private static boolean report(List<Start> starts, String config, long goalMillis) {
        long with = median(starts, config, true);
        long without = median(starts, config, false);
        System.out.printf("%s: median router CPU until ready %d ms with the AOT cache, %d ms without%n", config,
                Stats.middle(starts.stream().filter(s -> s.config().equals(config) && s.cached())
                        .mapToLong(Start::cpuMillis).sorted().toArray()),
                Stats.middle(starts.stream().filter(s -> s.config().equals(config) && !s.cached())
                        .mapToLong(Start::cpuMillis).sorted().toArray()));
        boolean vcenter = config.equals("vcenter");
        long withMeasure = vcenter ? medianWithoutLogin(starts, config, true) : with;
        System.out.printf(Locale.ROOT, "%s: median ready %d ms with the AOT cache, %d ms without: ratio %.2f%s;"
                        + " goal < %d ms%s: %s%n", config, with, without, (double) with / without,
                vcenter ? ", login excluded %d / %d ms".formatted(withMeasure, medianWithoutLogin(starts, config, false))
                        : "",
                goalMillis, vcenter ? " (login excluded)" : "", withMeasure < goalMillis ? "met" : "MISSED");
        return withMeasure < goalMillis;
    }

    private static long median(List<Start> starts, String config, boolean cached) {
        return Stats.middle(starts.stream().filter(s -> s.config().equals(config) && s.cached() == cached)
                .mapToLong(Start::readyMillis).sorted().toArray());
    }

    private static long medianWithoutLogin(List<Start> starts, String config, boolean cached) {
        return Stats.middle(starts.stream().filter(s -> s.config().equals(config) && s.cached() == cached)
                .mapToLong(Start::withoutLogin).sorted().toArray());
    }
}
