package io.eventrouter.systemtests;

import io.eventrouter.testing.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of the configuration files in {@code examples/configs}, the original's examples: validated exactly as shipped,
 * then run with only its endpoints pointed at local peers. Every other line (encoding, insecureSSL, async, auth,
 * names) stays as shipped.
 */
final class ShippedExample {

    private static final Path DIRECTORY = Path.of(System.getProperty("project.root", ".."), "examples", "configs");

    private final String name;
    private String text;

    private ShippedExample(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** Reads {@code examples/configs/<name>.yaml} and checks that {@code event-router validate} accepts it. */
    static ShippedExample validated(String name) throws IOException, InterruptedException {
        Path file = DIRECTORY.resolve(name + ".yaml");
        RouterProcess.CommandResult validate = RouterProcess.run("validate", "--config", file.toString());
        assertThat(validate.exitCode()).as(validate.output()).isZero();
        assertThat(validate.output()).contains("valid v1alpha1 configuration");
        return new ShippedExample(name, Files.readString(file));
    }

    /**
     * Replaces an endpoint of the shipped file by a local one. The shipped text must name it exactly once, so that a
     * changed example fails here rather than quietly running against something else.
     */
    ShippedExample pointAt(String shipped, String local) {
        int first = text.indexOf(shipped);
        assertThat(first).as("%s names %s", name, shipped).isNotNegative();
        assertThat(text.indexOf(shipped, first + 1)).as("%s names %s only once", name, shipped).isNegative();
        text = text.replace(shipped, local);
        return this;
    }

    /** The router for this example, not started yet; its metrics server moves from 0.0.0.0:8082 to a free port. */
    RouterProcess router(Path directory) throws IOException {
        int metricsPort = FreePorts.next();
        pointAt("\"0.0.0.0:8082\"", "\"127.0.0.1:" + metricsPort + "\"");
        Path config = Files.writeString(directory.resolve(name + ".yaml"), text);
        return new RouterProcess(config, metricsPort, "example-" + name);
    }
}
