package io.eventrouter.app.quickstart;

import io.eventrouter.app.logging.LogSetup;
import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.app.viewer.EventViewer;
import io.eventrouter.config.Durations;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.vsphere.vcsim.VcsimBinaries;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code event-router quickstart}: a vCenter simulator, the router reading it (vcenter provider with checkpoints),
 * a knative processor delivering to a receiver that prints in this terminal, the viewer, and simulated activity.
 * Everything it starts is closed again, in reverse order, when it ends: after the duration, on Ctrl-C (through the
 * command's shutdown hook), or when starting fails halfway.
 */
public final class Quickstart implements AutoCloseable {

    /**
     * @param format   one of the vcenter provider's CloudEvent formats
     * @param duration {@code null}: until stopped
     * @param workDir  {@code null}: a temporary directory, removed at the end
     */
    public record Options(Duration duration, Duration interval, int port, boolean openBrowser, boolean compact,
                          String format, Path workDir, String logLevel) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_ABORT_TIMEOUT = Duration.ofSeconds(40);

    private final Options options;
    private final PrintWriter err;
    private final EventPrinter printer;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch startReturned = new CountDownLatch(1);
    /** What was started, closed last-first. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Thread starting;
    private boolean closed;
    private volatile Vcsim vcsim;

    public Quickstart(Options options, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.err = err;
        this.printer = new EventPrinter(out, options.compact());
    }

    /** Starts everything and shows events until the duration passes or {@link #close()} is called. */
    public void run() throws Exception {
        try {
            start();
        } finally {
            startReturned.countDown();
        }
        if (options.duration() == null) {
            ended.await();
        } else {
            ended.await(options.duration().toMillis(), TimeUnit.MILLISECONDS);
        }
        close();
    }

    private void start() throws Exception {
        synchronized (this) {
            if (closed) {
                return;
            }
            starting = Thread.currentThread();
        }
        try {
            Path workDir = workDirectory();
            LogSetup.configureToFile(options.logLevel(), workDir.resolve("router.log"));
            VcsimBinaries.locate(this::progress);
            progress("starting the vCenter simulator");
            vcsim = keep(Vcsim.builder().start());
            SimulatedActivity activity = keep(SimulatedActivity.on(vcsim));
            TerminalReceiver receiver = keep(TerminalReceiver.start(printer));
            int port = metricsPort(options.port());
            Path config = workDir.resolve("router.yaml");
            // Every run starts a new simulator: a checkpoint of an earlier run's (same --work-dir) does not apply.
            Path checkpoints = workDir.resolve("checkpoints");
            deleteTree(checkpoints);
            Files.writeString(config, QuickstartConfig.yaml(vcsim, checkpoints, options.format(), receiver.uri(),
                    port));
            ConfigLoader.Loaded loaded = new ConfigLoader(ConnectorRegistry.load(), References.system()).load(config);
            progress("starting the router");
            RouterRuntime runtime = new RouterRuntime(loaded.plan(), Clock.systemUTC(),
                    List.of("event-router", "quickstart"));
            keep(() -> runtime.stop(Duration.ofSeconds(2)));
            runtime.start();
            awaitConnected(runtime);
            banner(workDir, config, port);
            Thread generator = Thread.ofVirtual().name("quickstart-activity").start(() -> generate(activity));
            keep(() -> {
                generator.interrupt();
                generator.join(Duration.ofSeconds(5));
            });
        } finally {
            synchronized (this) {
                starting = null;
            }
        }
    }

    private Path workDirectory() throws IOException, InterruptedException {
        if (options.workDir() != null) {
            return Files.createDirectories(options.workDir());
        }
        Path dir = Files.createTempDirectory("event-router-quickstart-");
        keep(() -> deleteTree(dir));
        return dir;
    }

    /** Registers something to close at the end; when the end came meanwhile, closes it now and stops starting. */
    private synchronized <T extends AutoCloseable> T keep(T resource) throws InterruptedException {
        if (closed) {
            closeQuietly(resource);
            throw new InterruptedException("stopped while starting");
        }
        started.push(resource);
        return resource;
    }

    private void awaitConnected(RouterRuntime runtime) throws InterruptedException {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (!runtime.health().isUp(QuickstartConfig.PROVIDER)) {
            if (System.nanoTime() > deadline) {
                progress("the router has not connected to the simulator yet (see router.log); going on");
                return;
            }
            Thread.sleep(50);
        }
    }

    private void banner(Path workDir, Path config, int port) {
        String viewer = "http://127.0.0.1:" + port + EventViewer.PATH;
        printer.note("Event viewer: " + viewer);
        Optional<String> opened = options.openBrowser() ? Browser.open(viewer) : Optional.empty();
        printer.note(String.join(System.lineSeparator(),
                "  " + (opened.isPresent() ? "opened in your browser; " : "")
                        + "every event the router handles shows up there, with what became of it",
                "  vCenter simulator: " + vcsim.sdkUrl() + " (user " + vcsim.username() + ", vcsim pid "
                        + vcsim.pid() + ")",
                "  router:            vcenter provider '" + QuickstartConfig.PROVIDER + "' -> knative processor '"
                        + QuickstartConfig.PROCESSOR + "' -> this terminal (format " + options.format()
                        + ")",
                "  configuration:     " + config,
                "  router log:        " + workDir.resolve("router.log")
                        + (options.workDir() == null ? " (removed at the end; --work-dir keeps them)" : ""),
                "  every " + Durations.format(options.interval()) + " a VM is powered off or on, or an EventEx is "
                        + "posted; Ctrl-C stops everything"
                        + (options.duration() == null ? "" : " (or the end of --duration "
                        + Durations.format(options.duration()) + ")")));
    }

    /** Runs the simulated activity round after round, one step per interval, until interrupted. */
    private void generate(SimulatedActivity activity) {
        List<SimulatedActivity.Step> steps = activity.powerCycles();
        for (int i = 0; ; i++) {
            SimulatedActivity.Step step = steps.get(i % steps.size());
            printer.note(System.lineSeparator() + "==> " + step.description());
            try {
                step.action().run();
            } catch (IOException e) {
                printer.note("    failed: " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(options.interval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void progress(String line) {
        err.println("quickstart: " + line);
        err.flush();
    }

    /** The requested port when it is free, else any free one (another router may well run on 8082). */
    private int metricsPort(int wanted) throws IOException {
        try (ServerSocket socket = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException taken) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                progress("port " + wanted + " is taken; the viewer uses " + socket.getLocalPort());
                return socket.getLocalPort();
            }
        }
    }

    /**
     * Ends the quickstart: stops starting (waiting for a simulator being started, so that none is left behind),
     * then closes everything started, last first. Safe from any thread, any number of times.
     */
    @Override
    public void close() {
        Thread interrupted;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            interrupted = starting;
        }
        ended.countDown();
        if (interrupted != null && interrupted != Thread.currentThread()) {
            interrupted.interrupt();
            try {
                startReturned.await(START_ABORT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = List.copyOf(started);
            started.clear();
        }
        toClose.forEach(Quickstart::closeQuietly);
        String simulator = vcsim == null ? "" : "; vcsim (pid " + vcsim.pid() + ") stopped";
        printer.note(System.lineSeparator() + "quickstart stopped: " + printer.printed() + " CloudEvents received"
                + simulator);
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // ending anyway: the next resource must still be closed
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a temporary directory: the system cleans up what is left
        }
    }
}
