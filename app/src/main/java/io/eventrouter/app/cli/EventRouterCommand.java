package io.eventrouter.app.cli;

import io.eventrouter.app.logging.LogSetup;
import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.config.file.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the router; the subcommands ({@link #SUBCOMMANDS}, added by {@code Main.commandLine()}) work with configuration
 * files.
 */
@Command(name = "event-router", versionProvider = VersionInfo.class,
        description = "Routes vCenter (and webhook, Horizon) events as CloudEvents to Knative, OpenFaaS, AWS "
                + "EventBridge and Kafka.")
public final class EventRouterCommand implements Callable<Integer> {

    /**
     * The subcommands, in the order the usage lists them. Not in the annotation: picocli reads every subcommand's
     * annotations when the command line is built, and a plain run, which needs none of them, starts faster without.
     */
    public static final List<Class<?>> SUBCOMMANDS = List.of(ValidateCommand.class, ConvertCommand.class,
            SchemaCommand.class, VersionCommand.class, SendCommand.class, ReplayCommand.class,
            QuickstartCommand.class, EventTypesCommand.class, ClusterCommand.class);

    private static final Logger LOG = LoggerFactory.getLogger(EventRouterCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"--config", "-config"}, defaultValue = ConfigFiles.DEFAULT_PATH, paramLabel = "FILE",
            description = "Configuration file: YAML RouterConfig or the original's JSON (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = {"--log-level", "-log-level"}, defaultValue = "info", paramLabel = "LEVEL",
            description = "debug, info, warn or error; the original's dpanic, panic and fatal mean error "
                    + "(default: ${DEFAULT-VALUE}).")
    LogLevel logLevel;

    /** Go's flag package answers {@code -help} (and {@code -h}) with the usage and exit 0; so does the router. */
    @Option(names = {"-h", "--help", "-help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean versionRequested;

    @Option(names = {"--log-json", "-log-json"}, description = "Log JSON lines instead of text.")
    boolean logJson;

    @Option(names = {"--verbose", "-verbose"}, description = "The original's first flag: same as --log-level debug.")
    boolean verbose;

    @Option(names = "--shutdown-grace", defaultValue = "PT10S", paramLabel = "DURATION",
            description = "On SIGTERM, how long deliveries in flight may take to finish (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Override
    public Integer call() {
        String level = verbose ? "debug" : logLevel.loggerLevel();
        LogSetup.configure(level, logJson);
        ConfigLoader.Loaded loaded = ConfigFiles.load(config, spec.commandLine().getErr());
        if (loaded == null) {
            return ConfigFiles.BAD_CONFIG;
        }
        LOG.info("event-router {} starting with {} ({} configuration)", VersionInfo.version(), config,
                loaded.format().name().toLowerCase(Locale.ROOT));
        RouterRuntime runtime = new RouterRuntime(loaded.plan(), Clock.systemUTC(), commandLine());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.stop(shutdownGrace);
            stopped.countDown();
        }, "shutdown"));
        try {
            runtime.start();
        } catch (Exception e) {
            LOG.error("cannot start: {}", e.toString());
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The program's arguments, as the original's {@code cmdline} in /stats showed them. */
    private List<String> commandLine() {
        List<String> line = new ArrayList<>();
        line.add("event-router");
        line.addAll(spec.commandLine().getParseResult().originalArgs());
        return line;
    }
}
