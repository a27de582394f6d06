package io.eventrouter.testing.vcsim;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Where the vCenter simulator and its tools are: {@code $VCSIM_BIN} if set, else {@code ~/.cache/event-router/vcsim-bin},
 * built there by {@code tools/vcsim/build-vcsim.sh} when they are missing (about 70 s on a fresh machine; run the
 * script by hand after changing its patches). The build runs under a file lock, so parallel test JVMs wait for one
 * another instead of building twice.
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
    public static synchronized VcsimBinaries locate() throws IOException, InterruptedException {
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
        return located = buildInto(DEFAULT_CACHE);
    }

    private static VcsimBinaries buildInto(Path cache) throws IOException, InterruptedException {
        VcsimBinaries binaries = new VcsimBinaries(cache);
        if (binaries.complete()) {
            return binaries;
        }
        Path script = buildScript();
        if (script == null) {
            throw new IOException("no vcsim in " + cache + " and no tools/vcsim/build-vcsim.sh to build it (set the "
                    + "system property project.root to the repository, or VCSIM_BIN to a directory with vcsim)");
        }
        Files.createDirectories(cache);
        Path log = cache.resolveSibling("build-vcsim.log");
        try (FileChannel channel = FileChannel.open(cache.resolveSibling(".build-vcsim.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                if (!binaries.complete()) { // else another JVM built them while this one waited for the lock
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
        if (!build.waitFor(20, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new IOException("build-vcsim.sh did not finish in 20 minutes; see " + log);
        }
        if (build.exitValue() != 0) {
            throw new IOException("build-vcsim.sh failed (exit " + build.exitValue() + "); see " + log);
        }
    }

    /** tools/vcsim/build-vcsim.sh of this repository: from {@code project.root}, else above the working directory. */
    private static Path buildScript() {
        String root = System.getProperty("project.root");
        if (root != null && !root.isBlank()) {
            Path script = Path.of(root, "tools", "vcsim", "build-vcsim.sh");
            return Files.isRegularFile(script) ? script : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("tools/vcsim/build-vcsim.sh");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        return null;
    }
}
