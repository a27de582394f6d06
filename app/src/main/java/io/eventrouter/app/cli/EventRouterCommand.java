package io.eventrouter.app.cli;

import io.eventrouter.app.logging.LogSetup;
import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.config.file.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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
 *
 * <p>Its options are declared through picocli's programmatic API, not annotations: every start reads them, and
 * picocli's reflection on annotations (proxies and method handles made at run time, which the ahead-of-time cache
 * cannot hold) cost a plain start some 200 ms. The subcommands, which a plain run does not build, keep annotations.
 */
public final class EventRouterCommand implements Callable<Integer> {

    /**
     * The subcommands, in the order the usage lists them. Not in the annotation: picocli reads every subcommand's
     * annotations when the command line is built, and a plain run, which needs none of them, starts faster without.
     */
    public static final List<Class<?>> SUBCOMMANDS = List.of(ValidateCommand.class, ConvertCommand.class,
            SchemaCommand.class, VersionCommand.class, SendCommand.class, ReplayCommand.class,
            QuickstartCommand.class, EventTypesCommand.class, ClusterCommand.class);

    private static final Logger LOG = LoggerFactory.getLogger(EventRouterCommand.class);

    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this)
            .name("event-router")
            .versionProvider(new VersionInfo())
            .addOption(OptionSpec.builder("--config", "-config").type(Path.class)
                    .defaultValue(ConfigFiles.DEFAULT_PATH).paramLabel("FILE")
                    .description("Configuration file: YAML RouterConfig or the original's JSON (default: "
                            + "${DEFAULT-VALUE}).").build())
            .addOption(OptionSpec.builder("--log-level", "-log-level").type(LogLevel.class).defaultValue("info")
                    .paramLabel("LEVEL").description("debug, info, warn or error; the original's dpanic, panic and "
                            + "fatal mean error (default: ${DEFAULT-VALUE}).").build())
            // Go's flag package answers -help (and -h) with the usage and exit 0; so does the router
            .addOption(OptionSpec.builder("-h", "--help", "-help").usageHelp(true)
                    .description("Show this help message and exit.").build())
            .addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                    .description("Print version information and exit.").build())
            .addOption(OptionSpec.builder("--log-json", "-log-json").type(boolean.class).defaultValue("false")
                    .description("Log JSON lines instead of text.").build())
            .addOption(OptionSpec.builder("--verbose", "-verbose").type(boolean.class).defaultValue("false")
                    .description("The original's first flag: same as --log-level debug.").build())
            .addOption(OptionSpec.builder("--shutdown-grace").type(Duration.class).defaultValue("PT10S")
                    .paramLabel("DURATION").description("On SIGTERM, how long deliveries in flight may take to "
                            + "finish (default: ${DEFAULT-VALUE}).").build());

    {
        spec.usageMessage().description("Routes vCenter (and webhook, Horizon) events as CloudEvents to Knative, "
                + "OpenFaaS, AWS EventBridge and Kafka.");
    }

    /** The command's picocli model, for {@code new CommandLine(spec)}. */
    public CommandSpec spec() {
        return spec;
    }

    /** The value of option {@code name} (e.g. {@code --config}) after parsing, or its default. */
    public <T> T option(String name) {
        return spec.findOption(name).getValue();
    }

    @Override
    public Integer call() {
        Path config = option("--config");
        boolean verbose = option("--verbose");
        LogLevel logLevel = option("--log-level");
        String level = verbose ? "debug" : logLevel.loggerLevel();
        LogSetup.configure(level, option("--log-json"));
        ConfigLoader.Loaded loaded = ConfigFiles.load(config, spec.commandLine().getErr());
        if (loaded == null) {
            return ConfigFiles.BAD_CONFIG;
        }
        LOG.info("event-router {} starting with {} ({} configuration)", VersionInfo.version(), config,
                loaded.format().name().toLowerCase(Locale.ROOT));
        RouterRuntime runtime = new RouterRuntime(loaded.plan(), Clock.systemUTC(), commandLine());
        CountDownLatch stopped = new CountDownLatch(1);
        Duration shutdownGrace = option("--shutdown-grace");
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
