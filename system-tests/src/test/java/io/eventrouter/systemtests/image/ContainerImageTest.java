package io.eventrouter.systemtests.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.systemtests.RouterProcess;
import io.eventrouter.systemtests.deploy.Item7ChartImageTest;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container image that Jib built (target/jib-image.tar of the app module), loaded into podman and run as users
 * would: configuration mounted read-only at the original's path, a read-only root file system (not even a /tmp
 * tmpfs), every capability dropped, its own non-root user, the working directory on a volume. It must stream vcsim's
 * events to a receiver and resume from the checkpoint it keeps on its volume; answer its probes through published
 * ports and deliver webhook events to a receiver on the host; dead-letter into the volume; stop cleanly on SIGTERM.
 * Start-up-to-ready times and the image size go to target/image-measurements.txt. Built with {@code -Dimage.aot} (as
 * {@code ./run-tests} builds it), the image carries the JVM's ahead-of-time cache, and the image Jib built before it
 * was added ({@code jib-image-untrained.tar}) is the baseline the start-up is measured against.
 */
class ContainerImageTest {

    private static final Path IMAGE_TAR = Path.of(System.getProperty("image.tar", "../app/target/jib-image.tar"));
    private static final Path UNTRAINED_TAR = IMAGE_TAR.resolveSibling("jib-image-untrained.tar");
    private static final String AOT_CACHE = "/app/aot/event-router.aot";
    private static final Path MEASUREMENTS = Path.of("target", "image-measurements.txt");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "event-router-test-" + ProcessHandle.current().pid() + "-";

    @TempDir
    static Path dir;
    private static Podman podman;
    private static String image;
    /** The same image without the ahead-of-time cache, or null when it was built without -Dimage.aot. */
    private static String untrained;
    private static final List<String> containers = new ArrayList<>();
    private static final List<String> volumes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void load() throws Exception {
        podman = Podman.forImageTests(IMAGE_TAR);
        image = load(IMAGE_TAR);
        if (Files.isRegularFile(UNTRAINED_TAR)) {
            untrained = load(UNTRAINED_TAR);
        }
        long bytes = Long.parseLong(podman.ok("image", "inspect", "--format", "{{.Size}}", image));
        Files.writeString(MEASUREMENTS, "image " + image + ": " + bytes / 1_000_000 + " MB in podman (uncompressed), "
                + Files.size(IMAGE_TAR) / 1_000_000 + " MB as " + IMAGE_TAR.getFileName() + "\n");
    }

    @AfterAll
    static void remove() throws Exception {
        if (podman == null) {
            return;
        }
        for (String container : containers) {
            podman.run("rm", "--force", "--time", "0", container);
        }
        for (String volume : volumes) {
            podman.run("volume", "rm", "--force", volume);
        }
        podman.run("rmi", "--force", image);
        if (untrained != null) {
            podman.run("rmi", "--force", untrained);
        }
    }

    private static String load(Path tar) throws Exception {
        String loaded = podman.ok("load", "--quiet", "--input", tar.toString());
        return loaded.substring(loaded.lastIndexOf(' ') + 1);
    }

    /** The image built without the cache, which must be there when the image tests are required. */
    private static String untrainedImage() {
        if (untrained == null && "required".equals(System.getProperty("image.tests"))) {
            throw new IllegalStateException(UNTRAINED_TAR + " was not built (build with -Dimage.aot)");
        }
        Assumptions.assumeTrue(untrained != null, "built without -Dimage.aot");
        return untrained;
    }

    /**
     * The router in the image maps the ahead-of-time cache the training run made (a JVM that cannot use a cache
     * starts without it, silently but for stderr, so only the mapping shows it is used); the image built without
     * it maps none.
     */
    @Test
    void theRouterStartsFromTheAheadOfTimeCacheTheImageCarries() throws Exception {
        String baseline = untrainedImage();
        try (CloudEventsReceiver receiver = CloudEventsReceiver.startOnAllInterfaces()) {
            Path config = webhookConfig(receiver, null);
            Ports ports = Ports.free();
            String container = start(image, "aot", config, ports.publish(), ports.metricsBase(), volume("aot"));
            assertThat(mappedFiles(container)).contains(AOT_CACHE);
            assertThat(podman.ok("logs", container)).doesNotContainIgnoringCase("aot");

            Ports other = Ports.free();
            String without = start(baseline, "no-aot", config, other.publish(), other.metricsBase(), volume("no-aot"));
            assertThat(mappedFiles(without)).doesNotContain(AOT_CACHE);
        }
    }

    /**
     * The memory settings BENCHMARKS.md ("Memory") chose reach the router in the image: glibc's malloc with two
     * arenas and a fixed mmap threshold (the image's environment), the JIT's freed C heap trimmed (its entrypoint).
     */
    @Test
    void theRouterRunsWithTheMemoryAndCompilerSettingsTheFiguresChose() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.startOnAllInterfaces()) {
            Ports ports = Ports.free();
            String container = start("memory", webhookConfig(receiver, null), ports.publish(), ports.metricsBase(),
                    volume("memory"));
            String pid = podman.ok("inspect", "--format", "{{.State.Pid}}", container);
            assertThat(Files.readString(Path.of("/proc", pid, "environ")).split("\0"))
                    .contains("MALLOC_ARENA_MAX=2", "MALLOC_MMAP_THRESHOLD_=131072");
            assertThat(Files.readString(Path.of("/proc", pid, "cmdline")).split("\0"))
                    .contains("-XX:TrimNativeHeapInterval=10000", "-XX:+UseSerialGC",
                            "-XX:Tier4InvocationThreshold=50000");
        }
    }

    private static String mappedFiles(String container) throws Exception {
        String pid = podman.ok("inspect", "--format", "{{.State.Pid}}", container);
        return Files.readString(Path.of("/proc", pid, "maps"));
    }

    /** Issue 16 item 7: the image the chart and the plain manifests run by default is this one. */
    @Test
    void item7_theLoadedImageIsTheChartsDefault() {
        assertThat(image).isEqualTo(Item7ChartImageTest.BUILT_IMAGE);
    }

    /**
     * On the host's network, because vcsim and the receiver listen on 127.0.0.1. The vCenter is read over https
     * (vcsim's self-signed certificate, insecureSSL), so the image's JRE does TLS too.
     */
    @Test
    void streamsVcsimEventsAndResumesFromTheCheckpointOnItsVolume() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); CloudEventsReceiver receiver = CloudEventsReceiver.start();
             EventPoster poster = vcsim.eventPoster()) {
            int metricsPort = FreePorts.next();
            Path config = vcenterConfig(vcsim, receiver, metricsPort);
            String volume = volume("vcsim");
            List<String> hostNetwork = List.of("--network=host");
            long starting = System.nanoTime();
            String first = start("vcsim-1", config, hostNetwork, URI.create("http://127.0.0.1:" + metricsPort), volume);
            measured("podman run to /readyz 200 (vcenter config, logged in to vcsim): "
                    + (System.nanoTime() - starting) / 1_000_000 + " ms");
            for (int n = 0; n < 20; n++) {
                poster.post(EventPoster.generalUserEvent("container-" + n));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(receiver).size() >= 20);
            podman.ok("stop", "--time", "30", first);
            assertThat(podman.ok("inspect", "--format", "{{.State.ExitCode}}", first)).isEqualTo("143");
            Path checkpoint = Path.of(podman.ok("volume", "inspect", "--format", "{{.Mountpoint}}", volume),
                    "checkpoints", "cp-127.0.0.1.json");
            assertThat(checkpoint).exists();

            for (int n = 20; n < 30; n++) {
                poster.post(EventPoster.generalUserEvent("container-" + n));
            }
            start("vcsim-2", config, hostNetwork, URI.create("http://127.0.0.1:" + metricsPort), volume);
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(receiver).size() >= 30);
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < 30; n++) {
                expected.add("container-" + n);
            }
            assertThat(messages(receiver)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void runsReadOnlyAsNonRootDeliversAndStopsOnSigterm() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.startOnAllInterfaces()) {
            receiver.respondWith(event -> CloudEventsReceiver.Reply.of(event.getId().equals("refused") ? 400 : 202));
            String volume = volume("state");
            Ports ports = Ports.free();
            String container = start("deliver", webhookConfig(receiver, "dead-letter"), ports.publish(), ports.metricsBase(),
                    volume);

            assertThat(status(ports.metrics("/healthz"))).isEqualTo(200);
            assertThat(post(ports, "in-container-1")).isEqualTo(200);
            assertThat(receiver.events()).extracting(e -> e.getId()).containsExactly("in-container-1");
            // Refused for good: dead-lettered into ./dead-letter, i.e. onto the volume, by the non-root user.
            assertThat(post(ports, "refused")).isEqualTo(200);
            Path deadLetters = Path.of(podman.ok("volume", "inspect", "--format", "{{.Mountpoint}}", volume),
                    "dead-letter", "knative.jsonl");
            assertThat(Files.readString(deadLetters)).contains("\"id\":\"refused\"");

            String pid = podman.ok("inspect", "--format", "{{.State.Pid}}", container);
            assertThat(Files.readAllLines(Path.of("/proc", pid, "status")))
                    .filteredOn(line -> line.startsWith("Uid:")).singleElement().asString().contains("65532");
            assertThat(podman.ok("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", container)).isEqualTo("true");

            long stopStarted = System.nanoTime();
            podman.ok("stop", "--time", "30", container);
            long stopMillis = (System.nanoTime() - stopStarted) / 1_000_000;
            assertThat(podman.ok("inspect", "--format", "{{.State.ExitCode}}", container)).isEqualTo("143");
            assertThat(podman.ok("logs", container)).contains("shutting down").contains("stopped");
            measured("SIGTERM to exit: " + stopMillis + " ms");
        }
    }

    /**
     * Start-up to ready: the image, the same image without the ahead-of-time cache (when built), alternating, and the
     * same router as a plain JVM process on the host.
     */
    @Test
    void startUpToReady() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.startOnAllInterfaces()) {
            Path config = webhookConfig(receiver, null);
            List<Long> millis = new ArrayList<>();
            List<Long> inContainer = new ArrayList<>();
            List<Long> withoutCache = new ArrayList<>();
            List<Long> withoutCacheInContainer = new ArrayList<>();
            for (int run = 1; run <= 3; run++) {
                StartUp withCache = startUp(image, "ready-" + run, config);
                millis.add(withCache.podmanRunMillis());
                inContainer.add(withCache.jvmMillis());
                if (untrained != null) {
                    StartUp without = startUp(untrained, "ready-no-aot-" + run, config);
                    withoutCache.add(without.podmanRunMillis());
                    withoutCacheInContainer.add(without.jvmMillis());
                }
            }
            measured("podman run to /readyz 200 (webhook config, 3 runs): " + millis + " ms; of which the JVM's start "
                    + "in the container to /readyz 200: " + inContainer + " ms");
            assertThat(millis).allMatch(ms -> ms < 30_000);
            assertThat(inContainer).allMatch(ms -> ms > 0 && ms < 30_000);
            if (untrained != null) {
                measured("the same image without the ahead-of-time cache, alternating (3 runs): " + withoutCache
                        + " ms (the JVM's start to /readyz 200: " + withoutCacheInContainer + " ms); with/without "
                        + "median ratio " + ratio(millis, withoutCache) + " (JVM's start: "
                        + ratio(inContainer, withoutCacheInContainer) + ")");
            }

            // The baseline, same run: the same router as a plain JVM process on the host (test JDK, class path).
            List<Long> host = new ArrayList<>();
            for (int run = 1; run <= 3; run++) {
                int metricsPort = FreePorts.next();
                Path hostConfig = webhookConfig("127.0.0.1:" + FreePorts.next(), receiver.uri().toString(),
                        "127.0.0.1:" + metricsPort, null);
                try (RouterProcess router = new RouterProcess(hostConfig, metricsPort, "image-baseline-" + run)) {
                    long started = System.nanoTime();
                    router.startNoWait();
                    router.awaitReady(Duration.ofSeconds(60));
                    host.add((System.nanoTime() - started) / 1_000_000);
                }
            }
            measured("host JVM process to /readyz 200 (same config, 3 runs; baseline): " + host + " ms; container/host "
                    + "median ratio " + ratio(millis, host));
        }
    }

    /**
     * @param podmanRunMillis from {@code podman run} to {@code /readyz} 200: the container's set-up and the JVM's start
     * @param jvmMillis       from the JVM's start in the container (its {@code process_start_time_seconds}, the same
     *                        clock as the host's) to {@code /readyz} 200: the router's own start
     */
    private record StartUp(long podmanRunMillis, long jvmMillis) {
    }

    /** Starts {@code image} until {@code /readyz} 200 and measures it; the container is removed after. */
    private StartUp startUp(String image, String name, Path config) throws Exception {
        Ports ports = Ports.free();
        long started = System.nanoTime();
        String container = start(image, name, config, ports.publish(), ports.metricsBase(), volume(name));
        long readyAt = System.currentTimeMillis();
        long millis = (System.nanoTime() - started) / 1_000_000;
        String metrics = http.send(HttpRequest.newBuilder(ports.metrics("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double jvmStarted = metrics.lines().filter(line -> line.startsWith("process_start_time_seconds "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no process_start_time_seconds in /metrics"));
        podman.ok("rm", "--force", "--time", "10", container);
        return new StartUp(millis, readyAt - Math.round(jvmStarted * 1000));
    }

    private static String ratio(List<Long> values, List<Long> baseline) {
        return String.format(Locale.ROOT, "%.2f", (double) median(values) / median(baseline));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private String start(String name, Path config, List<String> network, URI metrics, String volume)
            throws Exception {
        return start(image, name, config, network, metrics, volume);
    }

    /** Runs {@code image} as a deployment would and waits until {@code /readyz} answers 200 at {@code metrics}. */
    private String start(String image, String name, Path config, List<String> network, URI metrics, String volume)
            throws Exception {
        String container = PREFIX + name;
        containers.add(container);
        List<String> run = new ArrayList<>(List.of("run", "--detach", "--name", container,
                "--read-only", "--read-only-tmpfs=false", "--cap-drop=ALL", "--security-opt=no-new-privileges",
                "--memory=512m"));
        run.addAll(network);
        run.addAll(List.of("--volume", config + ":/etc/vmware-event-router/config:ro",
                "--volume", volume + ":/var/lib/event-router", image));
        podman.ok(run.toArray(String[]::new));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> status(metrics.resolve("/readyz")) == 200);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not ready within 60 s: " + podman.run("logs", container).output(), e);
        }
        return container;
    }

    private static String volume(String name) throws Exception {
        String volume = PREFIX + name;
        volumes.add(volume);
        podman.ok("volume", "create", volume);
        return volume;
    }

    /** The original's ports inside the container; the receiver is the host, seen from the container's network. */
    private static Path webhookConfig(CloudEventsReceiver receiver, String deadLetterDirectory) throws IOException {
        return webhookConfig("0.0.0.0:8080", "http://host.containers.internal:" + receiver.port() + "/",
                "0.0.0.0:8082", deadLetterDirectory);
    }

    private static Path webhookConfig(String webhookAddress, String destination, String metricsAddress,
                                      String deadLetterDirectory) throws IOException {
        String delivery = deadLetterDirectory == null ? ""
                : ", delivery: {retry: 0, deadLetterSink: {directory: " + deadLetterDirectory + "}}";
        Path config = Files.createTempFile(dir, "config", ".yaml");
        Files.writeString(config, """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: container}
                eventProvider: {type: webhook, name: webhook, webhook: {bindAddress: "%s", path: /webhook}}
                eventProcessor: {type: knative, name: knative, knative: {destination: {uri: "%s"}}%s}
                metricsProvider: {type: default, name: metrics, default: {bindAddress: "%s"}}
                """.formatted(webhookAddress, destination, delivery, metricsAddress));
        // The image's user (65532) reads it through the bind mount.
        config.toFile().setReadable(true, false);
        return config;
    }

    private static Path vcenterConfig(Vcsim vcsim, CloudEventsReceiver receiver, int metricsPort) throws IOException {
        Path config = Files.createTempFile(dir, "vcenter", ".yaml");
        Files.writeString(config, """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: container-vcsim}
                eventProvider:
                  type: vcenter
                  name: vcsim
                  vcenter:
                    address: %s
                    insecureSSL: true
                    checkpoint: true
                    auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                eventProcessor: {type: knative, name: receiver, knative: {destination: {uri: "%s"}}}
                metricsProvider: {type: default, name: metrics, default: {bindAddress: "127.0.0.1:%d"}}
                """.formatted(vcsim.sdkUrl(), vcsim.username(), vcsim.password(), receiver.uri(), metricsPort));
        config.toFile().setReadable(true, false);
        return config;
    }

    /** The GeneralUserEvent messages the receiver got from the tests' posts, once per delivery. */
    private static List<String> messages(CloudEventsReceiver receiver) throws IOException {
        List<String> messages = new ArrayList<>();
        for (var event : receiver.events()) {
            String message = JSON.readTree(event.getData().toBytes()).path("Message").asText();
            if (message.startsWith("container-")) {
                messages.add(message);
            }
        }
        return messages;
    }

    private int post(Ports ports, String id) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.webhook() + "/webhook"))
                .header("Content-Type", "application/json").header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-source", "/container-test").header("ce-type", "com.example.test")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private int status(URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void measured(String line) throws IOException {
        System.out.println(line);
        Files.writeString(MEASUREMENTS, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private record Ports(int webhook, int metrics) {

        static Ports free() {
            return new Ports(FreePorts.next(), FreePorts.next());
        }

        URI metrics(String path) {
            return URI.create("http://127.0.0.1:" + metrics + path);
        }

        URI metricsBase() {
            return metrics("");
        }

        /** The original's ports inside the container, published on the host's loopback. */
        List<String> publish() {
            return List.of("--publish", "127.0.0.1:" + webhook + ":8080", "--publish", "127.0.0.1:" + metrics + ":8082");
        }
    }
}
