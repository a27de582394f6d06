package io.eventrouter.systemtests.image;

import io.eventrouter.systemtests.Command;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * podman through {@code scripts/podman.sh}, so that it runs with the project's containers.conf (explicit ulimits,
 * runc) on machines that have none of their own.
 */
final class Podman {

    private final Path script;

    private Podman(Path script) {
        this.script = script;
    }

    /**
     * The image built by {@code -Dimage.from=...} and podman to run it. When either is missing the image tests are
     * skipped, unless {@code -Dimage.tests=required} (what {@code ./run-tests} passes): then they fail.
     */
    static Podman forImageTests(Path imageTar) {
        boolean podman = Files.isExecutable(Path.of("/usr/bin/podman"));
        boolean image = Files.isRegularFile(imageTar);
        if ((!podman || !image) && "required".equals(System.getProperty("image.tests"))) {
            throw new IllegalStateException("image tests are required but " + (podman ? imageTar + " was not built"
                    + " (build with -Dimage.from=local)" : "podman is missing: run scripts/test-prerequisites.sh"));
        }
        Assumptions.assumeTrue(podman, "podman is not installed");
        Assumptions.assumeTrue(image, "no image at " + imageTar + " (built with -Dimage.from=local or a base)");
        return new Podman(Path.of(System.getProperty("project.root"), "scripts", "podman.sh"));
    }

    Command.Result run(String... args) throws IOException, InterruptedException {
        return Command.run(command(args));
    }

    /** Runs podman and returns its output, trimmed; fails the test when podman fails. */
    String ok(String... args) throws IOException, InterruptedException {
        return run(args).orFail(command(args)).strip();
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        return command;
    }
}
