package io.eventrouter.systemtests;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The router as a child process, started from the test class path with a configuration file, so tests can kill it
 * (SIGKILL), stop it (SIGTERM) and start it again. Its output goes to a log file under {@code target/}.
 *
 * <p>A child process, unlike a router in the test JVM, can be given its own environment (AWS credentials, the AWS
 * endpoint override, {@code KUBECONFIG}) and JVM options (a trust store), as an operator would set them.
 */
public final class RouterProcess implements AutoCloseable {

    /** Settings of the machine running the tests that the router would otherwise pick up from the environment. */
    private static final List<String> HOST_SETTINGS = List.of("AWS_", "KUBECONFIG", "KUBERNETES_");

    /** What a one-shot command (e.g. {@code validate}) printed, and its exit code. */
    record CommandResult(int exitCode, String output) {
    }

    private final Path config;
    private final int metricsPort;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private Process process;
    private int starts;

    public RouterProcess(Path config, int metricsPort, String name) {
        this.config = config;
        this.metricsPort = metricsPort;
        this.log = Path.of("target", "router-logs", name + ".log");
    }

    /** Runs {@code event-router <args>} to its end, e.g. {@code validate --config <file>}. */
    static CommandResult run(String... args) throws IOException, InterruptedException {
        Process command = builder(List.of(), List.of(args)).redirectErrorStream(true).start();
        String output = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new CommandResult(command.waitFor(), output);
    }

    private static ProcessBuilder builder(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.eventrouter.app.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> HOST_SETTINGS.stream().anyMatch(name::startsWith));
        return builder;
    }

    /** An environment variable for the router, from the next start on. */
    public RouterProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** More command-line arguments for the router (e.g. {@code --shutdown-grace PT3S}), from the next start on. */
    public RouterProcess arguments(String... more) {
        arguments.addAll(List.of(more));
        return this;
    }

    /** The router's JVM trusts the certificates of this PKCS#12 store only (instead of the JDK's CAs). */
    RouterProcess trustStore(Path store, String password) {
        jvmOptions.addAll(List.of("-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + password));
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
        List<String> args = new ArrayList<>(List.of("-config", config.toString(), "-log-level", "info"));
        args.addAll(arguments);
        ProcessBuilder builder = builder(jvmOptions, args);
        builder.environment().putAll(environment);
        starts++;
        Files.writeString(log, "---- start " + starts + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
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

    /** Everything the router printed, over all its starts. */
    String output() throws IOException {
        return Files.readString(log);
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
