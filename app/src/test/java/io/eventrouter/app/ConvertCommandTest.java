package io.eventrouter.app;

import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.testing.ConfigSections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code convert}: v1alpha1 becomes eventrouter.io/v1 by default, and the result is a valid configuration. */
class ConvertCommandTest {

    private static final Path EXAMPLES = ConfigSections.projectRoot().resolve("examples/configs");

    @Test
    void aV1alpha1FileBecomesV1WithNamedListsByDefault(@TempDir Path dir) throws IOException {
        CommandRunner.Result converted = CommandRunner.run("convert", "--config",
                EXAMPLES.resolve("webhook-knative.yaml").toString());

        assertThat(converted.exitCode()).as(converted.err()).isZero();
        assertThat(converted.out()).startsWith("# converted from webhook-knative.yaml;")
                .contains("apiVersion: eventrouter.io/v1\n", "eventProviders:\n- type: webhook\n  name: veba-webhook\n",
                        "eventProcessors:\n- type: knative\n  name: veba-knative\n")
                .doesNotContain("eventProvider:", "eventProcessor:");
        Path file = dir.resolve("v1.yaml");
        Files.writeString(file, converted.out());
        CommandRunner.Result validated = CommandRunner.run("validate", "--config", file.toString());
        assertThat(validated.exitCode()).as(validated.err()).isZero();
        assertThat(validated.out()).contains("valid v1 configuration: webhook veba-webhook -> knative veba-knative");
    }

    @Test
    void clashingOrMissingNamesAreMadeUnique(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("same-names.yaml");
        Files.writeString(file, """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                eventProvider:
                  type: webhook
                  name: veba
                eventProcessor:
                  type: knative
                  name: veba
                  knative: {destination: {uri: "http://127.0.0.1:9999/"}}
                metricsProvider: {type: default}
                """);
        CommandRunner.Result converted = CommandRunner.run("convert", "--config", file.toString(), "--to", "v1");
        assertThat(converted.out()).contains("  name: veba\n", "  name: veba-processor\n");
    }

    @Test
    void v1CannotGoBackToV1alpha1() {
        CommandRunner.Result result = CommandRunner.run("convert", "--config",
                EXAMPLES.resolve("webhook-kafka-v1.yaml").toString(), "--to", "v1alpha1");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("cannot convert eventrouter.io/v1 to event-router.vmware.com/v1alpha1");
    }

    @Test
    void theOriginalsJsonBecomesV1alpha1ByDefaultAndV1OnRequest(@TempDir Path dir) throws IOException {
        assumeTrue(ConnectorRegistry.load().provider("vcenter").isPresent(),
                "the original's JSON format always has a vCenter stream; this build has no vcenter provider yet");
        Path json = dir.resolve("config.json");
        Files.writeString(json, """
                [{"type": "stream", "provider": "vmware_vcenter", "address": "https://vc.local/sdk",
                  "auth": {"method": "user_password", "secret": {"username": "u", "password": "p"}}},
                 {"type": "processor", "provider": "openfaas", "address": "http://gateway:8080",
                  "auth": {"method": "basic_auth", "secret": {"username": "admin", "password": "p"}}},
                 {"type": "metrics", "provider": "internal", "address": "0.0.0.0:8082"}]
                """);
        assertThat(CommandRunner.run("convert", "--config", json.toString()).out())
                .contains("apiVersion: event-router.vmware.com/v1alpha1");
        assertThat(CommandRunner.run("convert", "--config", json.toString(), "--to", "v1").out())
                .contains("apiVersion: eventrouter.io/v1", "name: vmware_vcenter", "name: openfaas");
    }
}
