package io.eventrouter.bench.hop;

import io.eventrouter.bench.support.RouterLauncher;

import java.io.IOException;
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
        try {
            return RouterLauncher.jar();
        } catch (IllegalStateException missing) {
            System.err.println(missing.getMessage());
            System.exit(2);
            return null;
        }
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
        Process process = RouterLauncher.start(RouterLauncher.command(jar, jvmOptions, config, "warn"),
                ProcessBuilder.Redirect.to(log.toFile()));
        RouterProcess router = new RouterProcess(process, config, log);
        try {
            RouterLauncher.awaitReady(process, metricsPort, Duration.ofSeconds(60), Duration.ofMillis(100));
        } catch (IllegalStateException notReady) {
            String output = Files.readString(log);
            router.close();
            throw new IOException(notReady.getMessage() + ": " + output);
        }
        return router;
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
        Path jcmd = Path.of(RouterLauncher.java()).resolveSibling("jcmd");
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
        RouterLauncher.stop(process);
        Files.deleteIfExists(config);
        Files.deleteIfExists(log);
    }
}
