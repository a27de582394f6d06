package io.eventrouter.systemtests.functions;

import io.eventrouter.testing.FreePorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An example function from {@code examples/functions/} run as a Python process on a free port. */
final class FunctionProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private FunctionProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Path examples() {
        return Path.of(System.getProperty("project.root", "..")).resolve("examples/functions");
    }

    /** Starts {@code examples/functions/<name>/handler.py} and waits until it answers {@code /healthz}. */
    static FunctionProcess start(String name, Map<String, String> environment) throws Exception {
        return start(name, examples().resolve(name).resolve("handler.py"), environment);
    }

    /** Starts the function in {@code handler}, logging to a file named after {@code name}. */
    static FunctionProcess start(String name, Path handler, Map<String, String> environment) throws Exception {
        int port = FreePorts.next();
        Path log = Path.of("target", "function-logs", name + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder("python3", "-u", handler.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", String.valueOf(port));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("python3 is needed for the example functions' tests: run "
                    + "scripts/test-prerequisites.sh", e);
        }
        FunctionProcess function = new FunctionProcess(process, port, log);
        function.awaitHealthy(Duration.ofSeconds(20));
        return function;
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("function exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri().resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("function did not answer /healthz within " + timeout + ": " + log());
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** What the function printed so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
