package io.eventrouter.bench.vsphere;

import io.eventrouter.testing.vcsim.EventPoster;
import io.eventrouter.testing.vcsim.Vcsim;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the page {@link EventConversionBenchmark} reads: vcsim's raw answer to one ReadNextEvents(1000) over 1000
 * events of {@link VsphereWorkload}. Regenerate with
 * {@code java -cp bench/target/benchmarks.jar io.eventrouter.bench.vsphere.CaptureEventPage
 * bench/src/main/resources/io/eventrouter/bench/vsphere/readnextevents-1000.xml.gz}.
 */
public final class CaptureEventPage {

    private static final Pattern RETURNVAL = Pattern.compile("<returnval type=\"EventHistoryCollector\">([^<]+)<");

    private CaptureEventPage() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0]
                : "bench/src/main/resources/io/eventrouter/bench/vsphere/readnextevents-1000.xml.gz");
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            Instant begin = Instant.now();
            poster.postAll(VsphereWorkload.events(1000, 42), 4);
            String created = poster.call("<CreateCollectorForEvents xmlns=\"urn:vim25\"><_this type=\"EventManager\">"
                    + "EventManager</_this><filter><entity><entity type=\"Folder\">group-d1</entity><recursion>all"
                    + "</recursion></entity><time><beginTime>" + begin + "</beginTime></time></filter>"
                    + "</CreateCollectorForEvents>");
            Matcher collector = RETURNVAL.matcher(created);
            if (!collector.find()) {
                throw new IOException("no collector in " + created);
            }
            String page = poster.call("<ReadNextEvents xmlns=\"urn:vim25\"><_this type=\"EventHistoryCollector\">"
                    + collector.group(1) + "</_this><maxCount>1000</maxCount></ReadNextEvents>");
            try (OutputStream file = new GZIPOutputStream(Files.newOutputStream(out))) {
                file.write(page.getBytes(StandardCharsets.UTF_8));
            }
            System.out.printf("wrote %s: %d events, %d bytes of XML%n", out,
                    page.split("<returnval ", -1).length - 1, page.length());
        }
    }
}
