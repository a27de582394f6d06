package io.eventrouter.vsphere.vcsim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A vcsim process on 127.0.0.1, for tests and the quickstart: started on a free port, ready once it answers, stopped
 * by its PID.
 *
 * <pre>{@code
 * try (Vcsim vcsim = Vcsim.builder().start()) {
 *     vcsim.govc().powerOff("DC0_H0_VM0");
 * }
 * }</pre>
 */
public final class Vcsim implements AutoCloseable {

    private static final int START_ATTEMPTS = 3;
    /**
     * Where govmomi 0.56's simulator is built (beside the default 0.24 build): it keeps only 1,001 events, and its
     * collectors stop silently for a reader more than 1,000 events behind, as real vCenters' do.
     */
    public static final Path NEWER = Path.of(System.getProperty("user.home"), ".cache", "event-router", "vcsim-0.56",
            "vcsim");

    private final Settings settings;
    private final int port;
    private final Process process;
    private final Path log;

    /** What a vcsim is started with; kept so that {@link #restart()} brings up the same simulator. */
    private record Settings(VcsimBinaries binaries, Path simulator, String username, String password, boolean tls,
                            Path certificate, Path key, List<String> args) {
    }

    private Vcsim(Settings settings, int port, Process process, Path log) {
        this.settings = settings;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String username = "user";
        private String password = "pass";
        private boolean tls = true;
        private Path certificate;
        private Path key;
        private final List<String> args = new ArrayList<>();
        private Path simulator;

        private Builder() {
        }

        /**
         * Runs this vcsim executable instead of the default build (e.g. govmomi 0.56's, see {@link #NEWER}); govc and
         * evjson still come from the default build.
         */
        public Builder simulator(Path vcsimExecutable) {
            this.simulator = vcsimExecutable;
            return this;
        }

        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /** Plain http instead of https with vcsim's self-signed certificate. */
        public Builder plainHttp() {
            this.tls = false;
            return this;
        }

        /** https with this PEM certificate and key instead of vcsim's own. */
        public Builder certificate(Path certificatePem, Path keyPem) {
            this.tls = true;
            this.certificate = certificatePem;
            this.key = keyPem;
            return this;
        }

        /** More vcsim flags, e.g. {@code "-vm", "4"} or {@code "-api-version", "8.0.2.0"}. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        public Vcsim start() throws IOException, InterruptedException {
            VcsimBinaries binaries = VcsimBinaries.locate();
            Settings settings = new Settings(binaries, simulator != null ? simulator : binaries.vcsim(), username,
                    password, tls, certificate, key, List.copyOf(args));
            IOException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                try {
                    return launch(settings, freePort());
                } catch (IOException e) {
                    last = e; // most likely another process took the free port first
                }
            }
            throw last;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Vcsim launch(Settings settings, int port) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(settings.simulator.toString(),
                "-l", "127.0.0.1:" + port, "-username", settings.username, "-password", settings.password));
        if (!settings.tls) {
            command.add("-tls=false");
        }
        if (settings.certificate != null) {
            command.addAll(List.of("-tlscert", settings.certificate.toString(), "-tlskey", settings.key.toString()));
        }
        command.addAll(settings.args);
        // its own temporary directory: vcsim keeps its datastores there (a killed vcsim cannot remove them), and
        // govc its session
        Path scratch = Files.createTempDirectory("vcsim-" + port + "-");
        Path log = scratch.resolve("vcsim.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().put("TMPDIR", scratch.toString());
        Process process = builder.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        // A platform thread: a virtual one blocked on the pipe for vcsim's whole life holds a carrier thread, and with
        // a dozen simulators the JVM's virtual threads (HTTP servers in tests) may find no carrier left to run on.
        Thread.ofPlatform().daemon().name("vcsim-" + port + "-stdout").start(() -> drain(process, ready));
        try {
            ready.get(30, TimeUnit.SECONDS);
            awaitListening(port, process);
        } catch (ExecutionException | TimeoutException | IOException e) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            String tail = tail(log);
            deleteTree(scratch);
            throw new IOException("vcsim did not start on port " + port + ": " + e.getMessage() + "; log: " + tail, e);
        } catch (InterruptedException e) {
            // the caller is stopping (e.g. Ctrl-C while vcsim starts): no simulator may outlive it
            process.destroyForcibly();
            deleteTree(scratch);
            throw e;
        }
        return new Vcsim(settings, port, process, log);
    }

    /** vcsim prints {@code export GOVC_URL=…} once it listens; the rest of its output is read and dropped. */
    private static void drain(Process process, CompletableFuture<String> ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains("GOVC_URL=")) {
                    ready.complete(line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        ready.completeExceptionally(new IOException("vcsim closed its output without listening"));
    }

    private static void awaitListening(int port, Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw e;
                }
                process.waitFor(50, TimeUnit.MILLISECONDS); // a short pause that ends early if vcsim dies
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return log.toString();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String username() {
        return settings.username;
    }

    public String password() {
        return settings.password;
    }

    /** The SOAP endpoint without credentials, e.g. {@code https://127.0.0.1:41234/sdk}. */
    public URI sdkUrl() {
        return URI.create((settings.tls ? "https" : "http") + "://127.0.0.1:" + port + "/sdk");
    }

    /** The endpoint with {@code user:password@}, as govc and evjson take it. */
    public URI urlWithCredentials() {
        return URI.create((settings.tls ? "https" : "http") + "://" + settings.username + ":" + settings.password
                + "@127.0.0.1:" + port + "/sdk");
    }

    /** vcsim's stderr (its log and, with {@code -trace}, the SOAP traffic); deleted by {@link #close()}. */
    public Path log() {
        return log;
    }

    public Govc govc() {
        return new Govc(settings.binaries, urlWithCredentials(), log.getParent());
    }

    /** A logged-in session for PostEvent. */
    public EventPoster eventPoster() throws IOException, InterruptedException {
        return EventPoster.login(sdkUrl(), settings.username, settings.password);
    }

    /** All events as govmomi's encoding/json writes them, one JSON line per event, oldest first. */
    public List<String> evjson() throws IOException, InterruptedException {
        return Evjson.run(settings.binaries, urlWithCredentials());
    }

    /** Ends the process at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Starts a fresh vcsim with the same settings on the same port (after {@link #kill()} or {@link #close()}). Its
     * inventory and event history are new: keys start again at 1.
     */
    public Vcsim restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("vcsim " + pid() + " still runs");
        }
        return launch(settings, port);
    }

    /**
     * Stops the process by its PID: SIGTERM, then SIGKILL after five seconds (at once if interrupted); its temporary
     * directory (datastores, log, govc's session) goes with it.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    kill();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(log.getParent());
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // leftovers in the temporary directory
        }
    }
}
