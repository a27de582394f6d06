package io.eventrouter.systemtests;

import io.eventrouter.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code event-router quickstart} as a user runs it: the viewer's URL comes first, VM power events are printed and
 * shown in the viewer, and at the end (its duration, or Ctrl-C) nothing it started is left running.
 */
class QuickstartTest {

    private static final Pattern VCSIM_PID = Pattern.compile("vcsim pid (\\d+)\\)");
    private static final Pattern CONFIG = Pattern.compile("configuration: +(\\S+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private Process quickstart;
    private final List<ProcessHandle> children = new ArrayList<>();

    private Process start(int port, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.eventrouter.app.Main",
                "quickstart", "--no-browser", "--port", String.valueOf(port), "--interval", "1s"));
        command.addAll(List.of(more));
        quickstart = new ProcessBuilder(command).start();
        collect(quickstart.getInputStream(), out);
        collect(quickstart.getErrorStream(), err);
        return quickstart;
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    @AfterEach
    void killLeftovers() {
        if (quickstart != null) {
            quickstart.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private String output() {
        return String.join("\n", out);
    }

    /** Waits for the banner and remembers the processes the quickstart started (vcsim, and govc while it runs). */
    private long awaitBanner() {
        await().atMost(Duration.ofMinutes(3)).until(() -> output().contains("vcsim pid"));
        quickstart.descendants().forEach(children::add);
        Matcher pid = VCSIM_PID.matcher(output());
        assertThat(pid.find()).as(output()).isTrue();
        return Long.parseLong(pid.group(1));
    }

    @Test
    void runsForItsDurationShowingTheViewerFirstAndPowerEventsThenLeavesNothingBehind() throws Exception {
        int port = FreePorts.next();
        start(port, "--duration", "20s");
        long vcsimPid = awaitBanner();

        assertThat(out.getFirst()).isEqualTo("Event viewer: http://127.0.0.1:" + port + "/events");
        assertThat(ProcessHandle.of(vcsimPid)).isPresent();
        await().atMost(Duration.ofSeconds(15)).until(() -> output().contains("VmPoweredOnEvent"));
        String history = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/events/history")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(history).contains("VmPoweredOffEvent", "VmPoweredOnEvent");

        assertThat(quickstart.waitFor(60, TimeUnit.SECONDS)).as("ends after --duration").isTrue();
        assertThat(quickstart.exitValue()).as(String.join("\n", err)).isZero();
        String output = output();
        assertThat(output).contains("==> govc vm.power -off DC0_H0_VM0", "--- CloudEvent #1  ",
                "\"type\": \"com.vmware.event.router/event\"", "\"subject\": \"VmPoweredOffEvent\"",
                "\"subject\": \"VmPoweredOnEvent\"", "\"type\": \"com.vmware.event.router/eventex\"",
                "quickstart stopped: ", "vcsim (pid " + vcsimPid + ") stopped");
        assertNothingLeft(vcsimPid);
        Matcher config = CONFIG.matcher(output);
        assertThat(config.find()).isTrue();
        assertThat(Path.of(config.group(1)).getParent()).as("the temporary work directory is removed").doesNotExist();
    }

    @Test
    void ctrlCStopsEverything() throws Exception {
        assertThat(sigintIgnored()).as("SIGINT is ignored in this JVM, so the quickstart it starts would ignore it "
                + "too: run the tests from a foreground shell, not as a background job (`cmd &` ignores SIGINT)")
                .isFalse();
        start(FreePorts.next());
        long vcsimPid = awaitBanner();
        await().atMost(Duration.ofSeconds(15)).until(() -> output().contains("\"subject\": \"VmPoweredOffEvent\""));

        // what the terminal sends on Ctrl-C (to the JVM only here; a terminal signals vcsim and govc too)
        new ProcessBuilder("kill", "-INT", String.valueOf(quickstart.pid())).start().waitFor();

        assertThat(quickstart.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGINT").isTrue();
        assertThat(quickstart.exitValue()).isEqualTo(130);
        assertThat(output()).contains("quickstart stopped: ", "vcsim (pid " + vcsimPid + ") stopped");
        assertNothingLeft(vcsimPid);
    }

    /** Whether this process ignores SIGINT (bit 2 of SigIgn), which every process it starts inherits. */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    private void assertNothingLeft(long vcsimPid) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ProcessHandle.of(vcsimPid).filter(ProcessHandle::isAlive)).as("vcsim").isEmpty();
            assertThat(children).as("processes the quickstart started").noneMatch(ProcessHandle::isAlive);
        });
    }
}
