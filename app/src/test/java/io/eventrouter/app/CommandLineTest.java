package io.eventrouter.app;

import io.eventrouter.app.cli.EventRouterCommand;
import io.eventrouter.app.cli.LogLevel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    private static Object option(Object command, String name) {
        return ((EventRouterCommand) command).option(name);
    }

    @Test
    void acceptsTheOriginalsSingleDashFlags() throws Exception {
        CommandLine commandLine = Main.commandLine();
        commandLine.parseArgs("-config", "/tmp/c.yaml", "-log-level", "DEBUG", "-log-json");
        Object command = commandLine.getCommand();
        assertThat(option(command, "--config")).isEqualTo(Path.of("/tmp/c.yaml"));
        assertThat(option(command, "--log-level")).isEqualTo(LogLevel.DEBUG);
        assertThat(option(command, "--log-json")).isEqualTo(true);
    }

    @Test
    void acceptsDoubleDashFlagsAndDefaultsToTheOriginalsPath() throws Exception {
        CommandLine commandLine = Main.commandLine();
        commandLine.parseArgs("--log-level=warn", "--log-json");
        Object command = commandLine.getCommand();
        assertThat(option(command, "--config")).isEqualTo(Path.of("/etc/vmware-event-router/config"));
        assertThat(option(command, "--log-level")).isEqualTo(LogLevel.WARN);
    }

    @Test
    void theOldVerboseFlagIsAccepted() throws Exception {
        CommandLine commandLine = Main.commandLine();
        commandLine.parseArgs("-verbose", "-config", "old.json");
        assertThat(option(commandLine.getCommand(), "--verbose")).isEqualTo(true);
    }

    @Test
    void unknownFlagsAndBadLevelsAreUsageErrors() {
        assertThat(CommandRunner.run("--no-such-flag").exitCode()).isEqualTo(2);
        assertThat(CommandRunner.run("-log-level", "loud").exitCode()).isEqualTo(2);
    }

    @Test
    void versionPrintsTheBuildVersion() {
        CommandRunner.Result result = CommandRunner.run("version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("event-router 0.").contains("Java");
    }

    @Test
    void aPlainRunIsParsedWithoutTheSubcommands() {
        assertThat(Main.commandLineFor(new String[] {"-config", "validate", "-log-level", "warn"}).getSubcommands())
                .isEmpty();
    }

    @Test
    void subcommandsHelpAndErrorsGetTheFullCommandLine() {
        for (String[] args : new String[][] {{"validate", "-config", "c.yaml"}, {"-h"}, {"--no-such-flag"}}) {
            assertThat(Main.commandLineFor(args).getSubcommands().keySet())
                    .containsExactly("validate", "convert", "schema", "version", "send", "replay", "quickstart",
                            "event-types", "cluster");
        }
    }

    @Test
    void subcommandsKeepTheOriginalsFlagSettings() {
        CommandLine validate = Main.commandLine().getSubcommands().get("validate");
        assertThat(validate.isPosixClusteredShortOptionsAllowed()).isFalse();
        assertThat(validate.isCaseInsensitiveEnumValuesAllowed()).isTrue();
    }
}
