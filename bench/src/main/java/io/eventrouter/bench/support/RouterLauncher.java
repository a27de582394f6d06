package io.eventrouter.bench.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The router as users run it: its own JVM from {@code app/target/event-router.jar}, on the same java as the harness,
 * with a configuration file; ready once {@code /readyz} on its metrics port answers 200.
 */
public final class RouterLauncher {

    /**
     * Made with the class, before any harness starts its clock: start-up timings must not include building a client.
     * Short timeouts: a router still starting may accept a connection before it can answer.
     */
    private static final HttpClient READYZ_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
            .build();

    private static final Pattern ENVIRONMENT_WORD = Pattern.compile("[A-Z][A-Z0-9_]*=.*");

    private RouterLauncher() {
    }

    /** The router jar ({@code -Drouter.jar}, default {@code app/target/event-router.jar}); fails when not built. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("router.jar", "app/target/event-router.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package -DskipTests -pl bench,app -am");
        }
        return jar;
    }

    /** The java running this harness, so that the router is measured on the same JDK. */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * JVM options given as one string, split at spaces, without the environment variables among them
     * ({@link #environment}); blank means none (the JVM's defaults).
     */
    public static List<String> options(String given) {
        return words(given).stream().filter(word -> !ENVIRONMENT_WORD.matcher(word).matches()).toList();
    }

    private static List<String> words(String given) {
        return given == null || given.isBlank() ? List.of() : Arrays.asList(given.trim().split("\\s+"));
    }

    /** {@code java [jvmOptions] -jar JAR --config CONFIG --log-level LEVEL}. */
    public static List<String> command(Path jar, List<String> jvmOptions, Path config, String logLevel) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString(), "--log-level", logLevel));
        return command;
    }

    /** Starts {@code command} with its standard error merged into {@code output}. */
    public static Process start(List<String> command, ProcessBuilder.Redirect output) throws IOException {
        return start(command, Map.of(), output);
    }

    /** The same, with {@code environment} added to this process's. */
    public static Process start(List<String> command, Map<String, String> environment,
                                ProcessBuilder.Redirect output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * The environment variables among options given as one string: the words {@code NAME=value} with an upper-case
     * name (e.g. {@code MALLOC_ARENA_MAX=2}); {@link #options} leaves them out.
     */
    public static Map<String, String> environment(String given) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String word : words(given)) {
            if (ENVIRONMENT_WORD.matcher(word).matches()) {
                String[] pair = word.split("=", 2);
                environment.put(pair[0], pair[1]);
            }
        }
        return environment;
    }

    /**
     * Polls {@code http://127.0.0.1:metricsPort/readyz} every {@code pollEvery} until it answers 200. Fails as soon as
     * the router exits (a bad config would otherwise cost the whole timeout) or after {@code timeout}.
     */
    public static void awaitReady(Process router, int metricsPort, Duration timeout, Duration pollEvery)
            throws InterruptedException {
        URI readyz = URI.create("http://127.0.0.1:" + metricsPort + "/readyz");
        HttpRequest request = HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!router.isAlive()) {
                throw new IllegalStateException("the router exited with " + router.exitValue());
            }
            try {
                if (READYZ_CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(pollEvery);
        }
        throw new IllegalStateException("router not ready at " + readyz + " within " + timeout.toSeconds() + " s");
    }

    /** Stops the router, forcibly when it has not exited within 30 s, and waits until it has. */
    public static void stop(Process router) throws InterruptedException {
        router.destroy();
        if (!router.waitFor(30, TimeUnit.SECONDS)) {
            router.destroyForcibly().waitFor();
        }
    }
}
