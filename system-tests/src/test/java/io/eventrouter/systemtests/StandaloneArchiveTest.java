package io.eventrouter.systemtests;

import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The distribution archive on its own: its launcher, its example configurations and its systemd unit. */
class StandaloneArchiveTest {

    @TempDir
    static Path dir;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("dist.archive"));
        assertThat(archive).exists();
        run(List.of("tar", "-xzf", archive.toString(), "-C", dir.toString()));
        try (var entries = Files.list(dir)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void theLauncherValidatesTheShippedExamples() throws Exception {
        assertThat(home.resolve("examples/events/router/VmPoweredOffEvent.json")).as("sample events").exists();
        Path example = home.resolve("config/examples/webhook-knative.yaml");
        Result ok = run(List.of(home.resolve("bin/event-router").toString(), "validate", "--config", example.toString()));
        assertThat(ok.code()).isZero();
        assertThat(ok.output()).contains("valid v1alpha1 configuration");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: nope\n");
        Result refused = run(List.of(home.resolve("bin/event-router").toString(), "validate", "--config", bad.toString()));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.output().strip()).startsWith("error: " + bad + ": apiVersion (line 1, column 13)");
    }

    @Test
    void theSystemdUnitIsValid() throws Exception {
        String unit = Files.readString(home.resolve("systemd/event-router.service"))
                .replace("/opt/event-router", home.toString());
        Path copy = dir.resolve("event-router.service");
        Files.writeString(copy, unit);
        Result verify = run(List.of("systemd-analyze", "verify", copy.toString()));
        assertThat(verify.code()).as(verify.output()).isZero();
        assertThat(unit).contains("Restart=always").contains("--config /etc/vmware-event-router/config");
    }

    @Test
    void theRouterRunsFromTheArchiveAndStopsCleanlyOnSigterm() throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start()) {
            int webhookPort = FreePorts.next();
            int metricsPort = FreePorts.next();
            Path config = dir.resolve("router.yaml");
            Files.writeString(config, """
                    apiVersion: event-router.vmware.com/v1alpha1
                    kind: RouterConfig
                    metadata: {name: standalone}
                    eventProvider: {type: webhook, webhook: {bindAddress: "127.0.0.1:%d"}}
                    eventProcessor: {type: knative, knative: {destination: {uri: "%s"}}}
                    metricsProvider: {type: default, default: {bindAddress: "127.0.0.1:%d"}}
                    """.formatted(webhookPort, receiver.uri(), metricsPort));
            Process router = new ProcessBuilder(home.resolve("bin/event-router").toString(), "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("router.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                HttpResponse<Void> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhookPort
                                + "/webhook")).header("Content-Type", "application/json").header("ce-specversion", "1.0")
                        .header("ce-id", "standalone-1").header("ce-source", "/vm").header("ce-type", "t")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(posted.statusCode()).isEqualTo(200);
                assertThat(receiver.events()).extracting(e -> e.getId()).containsExactly("standalone-1");
            } finally {
                router.destroy();
                assertThat(router.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(router.exitValue()).isEqualTo(143);
            assertThat(Files.readString(dir.resolve("router.log"))).contains("stopped");
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
