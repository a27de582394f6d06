package io.eventrouter.vsphere.vcsim;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where the vCenter simulator and its tools are: {@code $VCSIM_BIN} if set, else {@code ~/.cache/event-router/vcsim-bin},
 * built there by {@code tools/vcsim/build-vcsim.sh} when they are missing (about 70 s on a fresh machine; run the
 * script by hand after changing its patches). The build runs under a file lock, so parallel JVMs (tests, a
 * quickstart) wait for one another instead of building twice.
 */
public record VcsimBinaries(Path directory) {

    private static final Path DEFAULT_CACHE = Path.of(System.getProperty("user.home"), ".cache", "event-router",
            "vcsim-bin");
    private static volatile VcsimBinaries located;

    public Path vcsim() {
        return directory.resolve("vcsim");
    }

    public Path govc() {
        return directory.resolve("govc");
    }

    public Path evjson() {
        return directory.resolve("evjson");
    }

    /** The full vim25 type schema build-vcsim.sh writes. */
    public Path typesJson() {
        return directory.resolve("vim25-types.json");
    }

    public boolean complete() {
        return Files.isExecutable(vcsim()) && Files.isExecutable(govc()) && Files.isExecutable(evjson());
    }

    /** Finds (and if needed builds) the binaries; the answer is kept for the rest of the JVM. */
    public static VcsimBinaries locate() throws IOException, InterruptedException {
        return locate(note -> {
        });
    }

    /** The same; {@code progress} hears about a build before it starts, as it takes a minute or more. */
    public static synchronized VcsimBinaries locate(Consumer<String> progress) throws IOException,
            InterruptedException {
        if (located != null) {
            return located;
        }
        String fromEnvironment = System.getenv("VCSIM_BIN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            VcsimBinaries binaries = new VcsimBinaries(Path.of(fromEnvironment));
            if (!binaries.complete()) {
                throw new IOException("VCSIM_BIN=" + fromEnvironment + " lacks vcsim, govc or evjson");
            }
            return located = binaries;
        }
        return located = buildInto(DEFAULT_CACHE, progress);
    }

    private static VcsimBinaries buildInto(Path cache, Consumer<String> progress) throws IOException,
            InterruptedException {
        VcsimBinaries binaries = new VcsimBinaries(cache);
        if (binaries.complete()) {
            return binaries;
        }
        Path script = buildScript();
        if (script == null) {
            throw new IOException("no vcsim in " + cache + " and no tools/vcsim/build-vcsim.sh to build it (run from "
                    + "the repository, set the system property project.root to it, or VCSIM_BIN to a directory with "
                    + "vcsim, govc and evjson)");
        }
        Files.createDirectories(cache);
        Path log = cache.resolveSibling("build-vcsim.log");
        try (FileChannel channel = FileChannel.open(cache.resolveSibling(".build-vcsim.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                if (!binaries.complete()) { // else another JVM built them while this one waited for the lock
                    progress.accept("building vcsim, govc and evjson into " + cache + " with " + script
                            + " (once; about 70 s, installs Debian packages with apt; log: " + log + ")");
                    runBuild(script, cache, log);
                }
            } finally {
                lock.release();
            }
        }
        if (!binaries.complete()) {
            throw new IOException("build-vcsim.sh left no vcsim in " + cache + "; see " + log);
        }
        return binaries;
    }

    private static void runBuild(Path script, Path cache, Path log) throws IOException, InterruptedException {
        Process build = new ProcessBuilder("bash", script.toString(), cache.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!build.waitFor(20, TimeUnit.MINUTES)) {
                stop(build);
                throw new IOException("build-vcsim.sh did not finish in 20 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            stop(build); // the caller is stopping (e.g. Ctrl-C in the quickstart): the build must not go on alone
            throw e;
        }
        if (build.exitValue() != 0) {
            throw new IOException("build-vcsim.sh failed (exit " + build.exitValue() + "); see " + log);
        }
    }

    private static void stop(Process build) {
        build.descendants().forEach(ProcessHandle::destroy);
        build.destroyForcibly();
    }

    /**
     * tools/vcsim/build-vcsim.sh of this repository: from {@code project.root}, else above the working directory,
     * else above this class's jar or classes directory (so that {@code ./event-router quickstart} finds it from any
     * working directory: the launcher runs {@code app/target/event-router.jar} with its libraries next to it).
     */
    private static Path buildScript() {
        String root = System.getProperty("project.root");
        if (root != null && !root.isBlank()) {
            Path script = Path.of(root, "tools", "vcsim", "build-vcsim.sh");
            return Files.isRegularFile(script) ? script : null;
        }
        Path found = scriptAbove(Path.of("").toAbsolutePath());
        return found != null ? found : scriptAbove(codeLocation());
    }

    private static Path scriptAbove(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("tools/vcsim/build-vcsim.sh");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        return null;
    }

    private static Path codeLocation() {
        try {
            var source = VcsimBinaries.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
