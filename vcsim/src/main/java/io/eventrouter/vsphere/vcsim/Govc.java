package io.eventrouter.vsphere.vcsim;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs govc against one vcsim (e.g. VM power operations, which make vCenter write events). */
public final class Govc {

    private final VcsimBinaries binaries;
    private final URI url;
    private final Path home;

    /** @param home govc's GOVMOMI_HOME, where it keeps its session between calls (so not in the user's home) */
    Govc(VcsimBinaries binaries, URI urlWithCredentials, Path home) {
        this.binaries = binaries;
        this.url = urlWithCredentials;
        this.home = home;
    }

    /** Runs {@code govc args…} and returns its standard output; fails on a non-zero exit. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binaries.govc().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("GOVC_URL", url.toString());
        builder.environment().put("GOVC_INSECURE", "1");
        builder.environment().put("GOVMOMI_HOME", home.toString());
        return ProcessOutput.run(builder, 60, "govc " + String.join(" ", args));
    }

    public void powerOff(String vm) throws IOException, InterruptedException {
        run("vm.power", "-off", vm);
    }

    public void powerOn(String vm) throws IOException, InterruptedException {
        run("vm.power", "-on", vm);
    }

    /** Collects a process's standard output while it runs (so a full pipe cannot block it). */
    static final class ProcessOutput {
        private ProcessOutput() {
        }

        static String run(ProcessBuilder builder, int timeoutSeconds, String what) throws IOException,
                InterruptedException {
            Process process = builder.start();
            CompletableFuture<String> stdout = new CompletableFuture<>();
            CompletableFuture<String> stderr = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> stdout.complete(read(process, false)));
            Thread.ofVirtual().start(() -> stderr.complete(read(process, true)));
            try {
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(what + " did not finish in " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly(); // the caller is stopping: leave no process behind
                throw e;
            }
            if (process.exitValue() != 0) {
                throw new IOException(what + " failed (exit " + process.exitValue() + "): " + stderr.join().strip());
            }
            return stdout.join();
        }

        private static String read(Process process, boolean error) {
            try {
                return new String((error ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }
}
