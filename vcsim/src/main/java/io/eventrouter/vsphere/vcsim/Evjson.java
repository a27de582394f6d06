package io.eventrouter.vsphere.vcsim;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Runs {@code evjson}: every event of a vcsim as govmomi's Go encoding/json writes it, the golden reference. */
final class Evjson {

    private Evjson() {
    }

    static List<String> run(VcsimBinaries binaries, URI urlWithCredentials) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(binaries.evjson().toString(), "-u", urlWithCredentials.toString(),
                "-n", "1000");
        String out = Govc.ProcessOutput.run(builder, 120, "evjson");
        return out.lines().filter(line -> !line.isBlank()).toList();
    }
}
