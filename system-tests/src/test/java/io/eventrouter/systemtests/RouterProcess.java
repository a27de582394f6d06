package io.eventrouter.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The router as a child process, started from the test class path with a configuration file, so tests can kill it
 * (SIGKILL), stop it (SIGTERM) and start it again. Its output goes to a log file under {@code target/}.
 */
final class RouterProcess implements AutoCloseable {

    private final Path config;
    private final int metricsPort;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int starts;

    RouterProcess(Path config, int metricsPort, String name) {
        this.config = config;
        this.metricsPort = metricsPort;
        this.log = Path.of("target", "router-logs", name + ".log");
    }

    /** Starts the router and waits until {@code /readyz} answers 200. */
    RouterProcess start() throws IOException {
        startNoWait();
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    void startNoWait() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.eventrouter.app.Main",
                "-config", config.toString(), "-log-level", "info"));
        starts++;
        Files.writeString(log, "---- start " + starts + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    void awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/readyz"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the graceful shutdown. Returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    URI metrics(String path) {
        return URI.create("http://127.0.0.1:" + metricsPort + path);
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill();
        }
    }
}
