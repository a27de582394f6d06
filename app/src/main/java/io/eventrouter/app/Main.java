package io.eventrouter.app;

import io.eventrouter.app.cli.EventRouterCommand;
import io.eventrouter.app.logging.LogSetup;
import io.eventrouter.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/** Entry point of {@code ./event-router}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Without this, logback's default set-up prints every library's DEBUG lines on stdout (Jetty's client: some
        // 400 lines per event sent) for the commands that print their own output; the router, the replay and the
        // quickstart configure logging again with their --log-level.
        LogSetup.configure("warn", false);
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
