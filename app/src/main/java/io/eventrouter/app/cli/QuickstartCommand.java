package io.eventrouter.app.cli;

import io.eventrouter.app.quickstart.Quickstart;
import io.eventrouter.spi.EventTypeCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** The router against a vCenter simulator, with the events shown in the terminal and the viewer. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Try the router without a vCenter: starts the vCenter simulator (vcsim; built once into "
                + "~/.cache/event-router/vcsim-bin, which takes about 70 s and apt), runs the router against it with "
                + "the event viewer, powers VMs off and on and posts EventEx events, and prints the CloudEvents the "
                + "router delivers. Ctrl-C stops everything it started."})
public final class QuickstartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop after this long, e.g. 2m (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--interval", defaultValue = "3s", paramLabel = "DURATION",
            description = "Pause between simulated operations (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--port", defaultValue = "8082", paramLabel = "PORT",
            description = "Port of the metrics server and viewer on 127.0.0.1; a free one when taken "
                    + "(default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--no-browser", description = "Do not open the viewer in a browser.")
    boolean noBrowser;

    @Option(names = "--compact", description = "One line per event instead of the whole CloudEvent.")
    boolean compact;

    @Option(names = "--format", defaultValue = "router", paramLabel = "FORMAT",
            description = "CloudEvent format of the vcenter provider: router or vsphere (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Keep the configuration, checkpoints and log here (default: a temporary directory, "
                    + "removed at the end).")
    Path workDir;

    @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL",
            description = "Level of the router log file (default: ${DEFAULT-VALUE}); errors also go to stderr.")
    LogLevel logLevel;

    @Override
    public Integer call() {
        if (interval.isNegative() || interval.isZero() || (duration != null && duration.isNegative())) {
            spec.commandLine().getErr().println("error: --interval must be positive and --duration not negative");
            return ConfigFiles.BAD_CONFIG;
        }
        List<String> formats = EventTypeCatalog.of("vcenter").map(EventTypeCatalog::formats).orElse(List.of());
        if (!formats.contains(format)) {
            spec.commandLine().getErr().println("error: --format must be " + String.join(" or ", formats));
            return ConfigFiles.BAD_CONFIG;
        }
        if (port < 1 || port > 65535) {
            spec.commandLine().getErr().println("error: --port must be 1 to 65535");
            return ConfigFiles.BAD_CONFIG;
        }
        Quickstart quickstart = new Quickstart(new Quickstart.Options(duration, interval, port, !noBrowser, compact,
                format, workDir, logLevel.loggerLevel()), spec.commandLine().getOut(),
                spec.commandLine().getErr());
        // Ctrl-C (SIGINT) or SIGTERM: the JVM runs this hook, which stops vcsim and the rest before it exits
        Thread hook = new Thread(quickstart::close, "quickstart-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            quickstart.run();
            return 0;
        } catch (InterruptedException e) {
            return 130;
        } catch (Exception e) {
            spec.commandLine().getErr().println("error: quickstart: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } finally {
            quickstart.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyExiting) {
                // the hook runs now
            }
        }
    }
}
