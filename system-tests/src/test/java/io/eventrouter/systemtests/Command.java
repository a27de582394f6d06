package io.eventrouter.systemtests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a program to its end and keeps its output (stdout and stderr together). */
public final class Command {

    public record Result(int code, String output) {

        /** The output, or an AssertionError naming the command when it failed. */
        public String orFail(List<String> command) {
            if (code != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + code + ":\n" + output);
            }
            return output;
        }
    }

    private Command() {
    }

    public static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null, Map.of());
    }

    /** @param input written to the program's stdin (then closed); {@code null} for none */
    public static Result run(List<String> command, String input, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(command, input, environment, null);
    }

    /** @param directory the working directory; {@code null} for this process's */
    public static Result run(List<String> command, String input, Map<String, String> environment, Path directory)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        // Read on another thread, so that the time limit holds even when the program never closes its output.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output not readable: " + e.getMessage() + ")";
            }
        }, task -> Thread.ofVirtual().start(task));
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 180 s");
        }
        return new Result(process.exitValue(), output.join());
    }
}
