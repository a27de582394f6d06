package io.eventrouter.app;

import io.eventrouter.app.cli.EventRouterCommand;
import picocli.CommandLine;

/** Entry point of {@code ./event-router}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, configured as the original's flags need (single-dash long options, any-case enums). */
    public static CommandLine commandLine() {
        return new CommandLine(new EventRouterCommand())
                .setPosixClusteredShortOptionsAllowed(false)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
