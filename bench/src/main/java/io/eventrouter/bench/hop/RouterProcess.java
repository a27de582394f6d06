package io.eventrouter.bench.hop;

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

/**
 * The router as users run it: its own JVM from {@code app/target/event-router.jar} (the same java as the harness),
 * with a configuration file, ready once {@code /readyz} answers 200. Can record a flight recording on demand.
 */
final class RouterProcess implements AutoCloseable {

    private final Process process;
    private final Path config;
    private final Path log;

    private RouterProcess(Process process, Path config, Path log) {
        this.process = process;
        this.config = config;
        this.log = log;
    }

    /** The router jar, or a message and exit 2 when it was not built. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("router.jar", "app/target/event-router.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            System.err.println(jar + " is missing: build it first with ./mvnw -B -q package -DskipTests -pl bench,app -am");
            System.exit(2);
        }
        return jar;
    }

    /**
     * @param jvmOptions extra options for the router's JVM (none: the JVM's defaults, as {@code ./event-router})
     * @param metricsPort the port of the router's metrics server in {@code yaml}, where {@code /readyz} is asked
     */
    static RouterProcess start(Path jar, String yaml, List<String> jvmOptions, int metricsPort)
            throws IOException, InterruptedException {
        Path config = Files.createTempFile("bench-router", ".yaml");
        Path log = Files.createTempFile("bench-router", ".log");
        Files.writeString(config, yaml);
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "-config", config.toString(), "-log-level", "warn"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RouterProcess router = new RouterProcess(process, config, log);
        router.awaitReady(URI.create("http://127.0.0.1:" + metricsPort + "/readyz"));
        return router;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void awaitReady(URI readyz) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the router exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (client.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("the router was not ready at " + readyz + " within 60 s");
    }

    ProcessHandle process() {
        return process.toHandle();
    }

    /** Starts a flight recording with the JDK's profiling settings (CPU samples every 10 ms, allocation samples). */
    void startRecording() throws IOException, InterruptedException {
        jcmd("JFR.start", "name=bench", "settings=profile");
    }

    /** Stops the recording and writes it to {@code file}. */
    void stopRecording(Path file) throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
    }

    private void jcmd(String... arguments) throws IOException, InterruptedException {
        Path jcmd = Path.of(java()).resolveSibling("jcmd");
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(process.pid())));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", arguments) + " failed: " + out.strip());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(config);
        Files.deleteIfExists(log);
    }
}
