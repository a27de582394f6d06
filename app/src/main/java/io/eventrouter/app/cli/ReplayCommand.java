package io.eventrouter.app.cli;

import io.eventrouter.app.logging.LogSetup;
import io.eventrouter.app.replay.ReplayPlan;
import io.eventrouter.app.replay.ReplayTally;
import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.app.viewer.EventViewer;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.config.file.ProcessorSection;
import io.eventrouter.config.file.RouterPlan;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.EventProviderFactory;
import io.eventrouter.spi.HistoryReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/** Re-delivers a past window of vCenter's history, e.g. after a function bug was fixed. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-deliver a past window of vCenter's event history through the configured processors "
                + "(their filters and delivery specs apply), then exit with a summary.",
                "Checkpoints are neither read nor written, so a router running with the same file is not disturbed; "
                        + "providers other than vcenter are not started. The events are the ones the router made "
                        + "the first time (same source and id). Exit 0 when every event was delivered or filtered "
                        + "out, 1 when one was dead-lettered, dropped or unreadable or vCenter could not be read, "
                        + "2 for a bad file or option."})
public final class ReplayCommand implements Callable<Integer> {

    static final int NOT_ALL_DELIVERED = 1;

    @Spec
    CommandSpec spec;

    @Option(names = {"--config", "-config"}, required = true, paramLabel = "FILE",
            description = "The router's configuration (v1alpha1, eventrouter.io/v1 or the original's JSON).")
    Path config;

    @Option(names = "--since", required = true, paramLabel = "WHEN",
            description = "Start of the window: a duration before vCenter's current time (2h, 90m, PT2H) or an "
                    + "RFC 3339 time (2024-05-01T08:00:00Z).")
    String since;

    @Option(names = "--until", paramLabel = "WHEN",
            description = "End of the window, in the same forms (default: vCenter's time when the replay starts).")
    String until;

    @Option(names = "--processor", paramLabel = "NAME",
            description = "Deliver only to this processor (repeatable; default: every processor).")
    List<String> processors = new ArrayList<>();

    @Option(names = "--provider", paramLabel = "NAME",
            description = "Replay only this vcenter provider (repeatable; default: every vcenter provider).")
    List<String> providers = new ArrayList<>();

    @Option(names = "--metrics-address", defaultValue = "127.0.0.1:0", paramLabel = "ADDRESS",
            description = "Where this replay serves /stats, /metrics and the viewer while it runs (default: "
                    + "${DEFAULT-VALUE}, a free port, so the running router's is not taken).")
    String metricsAddress;

    @Option(names = "--log-level", defaultValue = "warn", paramLabel = "LEVEL",
            description = "debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    LogLevel logLevel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LogSetup.configure(logLevel.loggerLevel(), false);
        ConfigLoader.Loaded loaded = ConfigFiles.load(config, err);
        if (loaded == null) {
            return ConfigFiles.BAD_CONFIG;
        }
        RouterPlan plan;
        try {
            EventProviderFactory<?> replays = HistoryReplay.of("vcenter").orElseThrow(() ->
                    new IllegalStateException("the vsphere module is not on the class path")).factory(since, until);
            plan = ReplayPlan.of(loaded.plan(), replays, providers, processors, metricsAddress);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ConfigFiles.BAD_CONFIG;
        }
        ReplayTally tally = new ReplayTally();
        RouterRuntime runtime = new RouterRuntime(plan, Clock.systemUTC(), List.of("event-router", "replay"));
        runtime.observe(tally);
        Thread stopOnSignal = new Thread(() -> runtime.stop(Duration.ofSeconds(2)), "replay-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            runtime.start();
            var metrics = runtime.metricsServer().address();
            err.printf("replay: /stats, /metrics and the event viewer (%s) on %s:%d until it ends%n", EventViewer.PATH,
                    metrics.getHostString(), metrics.getPort());
            err.flush();
            boolean complete = awaitProviders(runtime, out);
            int notDelivered = 0;
            for (ProcessorSection processor : plan.processors()) {
                ReplayTally.Counts counts = tally.counts(processor.displayName());
                out.printf("processor %s: %s%n", processor.displayName(), counts);
                notDelivered += (int) (counts.deadLettered() + counts.dropped());
            }
            out.flush();
            return complete && notDelivered == 0 ? 0 : NOT_ALL_DELIVERED;
        } catch (InterruptedException e) {
            return 130;
        } catch (Exception e) {
            err.println("error: cannot start the replay: " + e.getMessage());
            err.flush();
            return NOT_ALL_DELIVERED;
        } finally {
            runtime.stop(Duration.ofSeconds(2));
            removeHook(stopOnSignal);
        }
    }

    /** Waits for every replay and prints one line each; false when one could not be read to its end. */
    private static boolean awaitProviders(RouterRuntime runtime, PrintWriter out) throws InterruptedException {
        boolean complete = true;
        List<String> names = runtime.providerNames();
        List<EventProvider> started = runtime.providers();
        for (int i = 0; i < started.size(); i++) {
            HistoryReplay.Replay replay = (HistoryReplay.Replay) started.get(i);
            try {
                HistoryReplay.Result result = replay.finished().get();
                out.printf("%s: %d events from %s to %s (vCenter's time) replayed%s%n", names.get(i), result.read(),
                        result.begin(), result.end(),
                        result.unreadable() == 0 ? "" : ", " + result.unreadable() + " unreadable ones skipped");
                if (result.unreadable() > 0) {
                    complete = false;
                }
            } catch (ExecutionException e) {
                out.printf("%s: failed: %s%n", names.get(i), e.getCause().getMessage());
                complete = false;
            } catch (CancellationException e) {
                out.printf("%s: stopped before the end of the window%n", names.get(i));
                complete = false;
            }
        }
        return complete;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running: it stops the runtime too
        }
    }
}
