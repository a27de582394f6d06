package io.eventrouter.app;

import io.eventrouter.app.cli.EventRouterCommand;
import io.eventrouter.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Entry point of {@code ./event-router}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line, configured as the original's flags need (single-dash long options, any-case enums); durations
     * are read as in the configuration file ({@code 20s} or {@code PT20S}).
     */
    public static CommandLine commandLine() {
        return new CommandLine(new EventRouterCommand())
                .setPosixClusteredShortOptionsAllowed(false)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Duration.class, Durations::parse);
    }
}
