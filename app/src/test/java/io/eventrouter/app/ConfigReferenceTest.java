package io.eventrouter.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md is what the configuration records say; regenerate it with the command in its first line. */
class ConfigReferenceTest {

    @Test
    void theCommittedReferenceMatchesTheDeclarations() throws Exception {
        CommandRunner.Result result = CommandRunner.run("schema", "--markdown");
        assertThat(result.exitCode()).isZero();
        Path committed = Path.of(System.getProperty("project.root", "..")).resolve("docs/configuration.md");
        assertThat(Files.readString(committed))
                .as("docs/configuration.md is stale: run ./event-router schema --markdown > docs/configuration.md")
                .isEqualTo(result.out());
        assertThat(result.out()).contains("### `vcenter`", "### `webhook`", "### `horizon`", "### `knative`",
                "### `openfaas`", "### `aws_event_bridge`", "### `kafka`", "### DeliverySpec", "### FilterSpec");
    }
}
