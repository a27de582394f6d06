package io.eventrouter.app;

import io.eventrouter.app.cli.EventRouterCommand;
import io.eventrouter.app.logging.LogSetup;
import io.eventrouter.config.Durations;
import picocli.CommandLine;

import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/** Entry point of {@code ./event-router}. */
public final class Main {

    private Main() {
    }

    /** Jetty's queues pad to the cache line by how many object references it holds. */
    private static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    public static void main(String[] args) {
        // The JDK's default TLS context (its trust store parsed: some 100 ms) is needed by every destination's HTTP
        // client; made on another thread it overlaps with parsing the command line (picocli, whose Java 5 classes
        // the ahead-of-time cache cannot hold). The first real use waits for it rather than making a second one.
        Thread.ofPlatform().daemon().name("tls-warm-up").start(Main::warmUpTls);
        // Unset, Jetty learns whether references are compressed from the platform MBean server, whose start (every
        // platform MXBean, Flight Recorder's among them) costs some 100 ms of start-up. References are compressed
        // below 32 GiB of heap: 64-byte lines hold 16.
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE,
                    Runtime.getRuntime().maxMemory() < 32L * 1024 * 1024 * 1024 ? "16" : "8");
        }
        CommandLine commandLine = commandLineFor(args);
        if (!commandLine.getSubcommands().isEmpty()) {
            // Without this, logback's default set-up prints every library's DEBUG lines on stdout (Jetty's client:
            // some 400 lines per event sent) for the commands that print their own output; the replay and the
            // quickstart configure logging again with their --log-level, as the router itself does (so a plain run
            // is spared the first set-up).
            LogSetup.configure("warn", false);
        }
        System.exit(commandLine.execute(args));
    }

    private static void warmUpTls() {
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            // the first real use reports it
        }
    }

    /**
     * The command line to run {@code args} with: the router's own options alone when they parse and ask for no help
     * (a plain run: it starts some hundred milliseconds sooner without the subcommands), else the full one, which
     * runs a subcommand or reports the error exactly as before.
     */
    static CommandLine commandLineFor(String[] args) {
        CommandLine run = routerCommandLine();
        try {
            run.parseArgs(args);
            if (!run.isUsageHelpRequested()) {
                return routerCommandLine();
            }
        } catch (CommandLine.ParameterException e) {
            // an argument only the subcommands know, or a real error: the full command line answers it
        }
        return commandLine();
    }

    /**
     * The command line, configured as the original's flags need (single-dash long options, any-case enums); durations
     * are read as in the configuration file ({@code 20s} or {@code PT20S}).
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new EventRouterCommand().spec());
        for (Class<?> subcommand : EventRouterCommand.SUBCOMMANDS) {
            commandLine.addSubcommand(subcommand);
        }
        return configured(commandLine);
    }

    /** The router's own options, without the subcommands. */
    static CommandLine routerCommandLine() {
        return configured(new CommandLine(new EventRouterCommand().spec()));
    }

    /** Settings that apply to the command and the subcommands it has at this point. */
    private static CommandLine configured(CommandLine commandLine) {
        return commandLine
                .setPosixClusteredShortOptionsAllowed(false)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Duration.class, Durations::parse);
    }
}
