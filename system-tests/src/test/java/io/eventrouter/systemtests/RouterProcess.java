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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The router as a child process, started from the test class path with a configuration file, so tests can kill it
 * (SIGKILL), stop it (SIGTERM) and start it again. Its output goes to a log file under {@code target/}.
 */
public final class RouterProcess implements AutoCloseable {

    private final Path config;
    private final int metricsPort;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> environment = new HashMap<>();
    private Process process;
    private int starts;

    public RouterProcess(Path config, int metricsPort, String name) {
        this.config = config;
        this.metricsPort = metricsPort;
        this.log = Path.of("target", "router-logs", name + ".log");
    }

    /** Sets an environment variable of the process (from its next start on). */
    public RouterProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts the router and waits until {@code /readyz} answers 200. */
    public RouterProcess start() throws IOException {
        startNoWait();
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    public void startNoWait() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.eventrouter.app.Main",
                "-config", config.toString(), "-log-level", "info"));
        starts++;
        Files.writeString(log, "---- start " + starts + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    public void awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/readyz"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the graceful shutdown. Returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public URI metrics(String path) {
        return URI.create("http://127.0.0.1:" + metricsPort + path);
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill();
        }
    }
}
