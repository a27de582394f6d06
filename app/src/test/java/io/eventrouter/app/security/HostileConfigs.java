package io.eventrouter.app.security;

import io.eventrouter.app.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Configurations to spoil, and {@code event-router validate} run in-process on them. */
final class HostileConfigs {

    record Run(int exitCode, String out, String err) {
    }

    /** A webhook → Knative configuration in the original's format. */
    static final String V1ALPHA1 = """
            apiVersion: event-router.vmware.com/v1alpha1
            kind: RouterConfig
            metadata: {name: hostile}
            eventProvider:
              type: webhook
              webhook: {bindAddress: "127.0.0.1:0"}
            eventProcessor:
              type: knative
              knative:
                destination: {uri: "http://127.0.0.1:9/"}
            metricsProvider:
              type: default
              default: {bindAddress: "127.0.0.1:0"}
            """;

    private HostileConfigs() {
    }

    /**
     * A v1 webhook → Knative configuration with extra lines in the webhook settings, the Knative settings and the
     * processor entry (each one line of YAML, or empty).
     */
    static String v1(String webhook, String knative, String processor) {
        return """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: hostile}
                eventProviders:
                  - type: webhook
                    name: hook
                    webhook:
                      bindAddress: "127.0.0.1:0"
                      %s
                eventProcessors:
                  - type: knative
                    name: kn
                    knative:
                      destination: {uri: "http://127.0.0.1:9/"}
                      %s
                    %s
                metricsProvider:
                  type: default
                  name: metrics
                  default: {bindAddress: "127.0.0.1:0"}
                """.formatted(webhook, knative, processor);
    }

    static Run validate(Path config) {
        return run("validate", "--config", config.toString());
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The error is one line that names the file, and no Java exception. */
    static void assertOneLine(Run run, Path config) {
        assertThat(run.err()).startsWith("error: " + config + ": ").endsWith("\n");
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception", "\tat ");
    }
}
