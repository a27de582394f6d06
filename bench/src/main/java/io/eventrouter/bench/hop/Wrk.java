package io.eventrouter.bench.hop;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk posting CloudEvents over {@code connections} kept-alive connections: binary mode, one event per request with
 * its own {@code ce-id}, or batched mode ({@code application/cloudevents-batch+json}) with {@code batch} events per
 * request. A Lua {@code done} hook prints the counts in one line that {@link #run} parses.
 */
final class Wrk implements AutoCloseable {

    /** vCenter-shaped event data, about 700 bytes, as in the other webhook harnesses. */
    static final String DATA = """
            {"Key":7001,"ChainId":7001,"CreatedTime":"2026-11-21T10:07:35.155Z","UserName":"VSPHERE.LOCAL\\\\Administrator",\
            "Datacenter":{"Name":"DC0","Datacenter":{"Type":"Datacenter","Value":"datacenter-2"}},\
            "ComputeResource":{"Name":"DC0_C0","ComputeResource":{"Type":"ClusterComputeResource","Value":"domain-c7"}},\
            "Host":{"Name":"DC0_C0_H0","Host":{"Type":"HostSystem","Value":"host-27"}},\
            "Vm":{"Name":"DC0_C0_RP0_VM0","Vm":{"Type":"VirtualMachine","Value":"vm-57"}},"Ds":null,"Net":null,"Dvs":null,\
            "FullFormattedMessage":"DC0_C0_RP0_VM0 on DC0_C0_H0 in DC0 is powered off","ChangeTag":"","Template":false}""";

    private static final Pattern RESULT = Pattern.compile(
            "RESULT requests=(\\d+) duration_us=(\\d+) status_errors=(\\d+) socket_errors=(\\d+) p50_us=(\\d+) p99_us=(\\d+)");

    /** Requests answered 2xx within the run (wrk counts status 4xx/5xx and socket errors apart). */
    record Result(long requests, Duration duration, long failed, long p50Micros, long p99Micros) {
        long succeeded() {
            return requests - failed;
        }
    }

    private final Path wrk;
    private final Path script;
    private final int threads;
    private final int connections;

    Wrk(Path wrk, int threads, int connections, int batch) throws IOException {
        this.wrk = wrk;
        this.threads = threads;
        this.connections = connections;
        this.script = Files.createTempFile("bench-wrk", ".lua");
        Files.writeString(script, batch <= 1 ? binaryScript() : batchScript(batch));
    }

    private static String binaryScript() {
        return """
                wrk.method = "POST"
                wrk.body = %s
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["ce-specversion"] = "1.0"
                wrk.headers["ce-source"] = "https://vcenter.local/sdk"
                wrk.headers["ce-type"] = "com.vmware.event.router/event"
                wrk.headers["ce-subject"] = "VmPoweredOffEvent"
                wrk.headers["ce-time"] = "2026-11-21T10:07:35.155Z"
                local n = 0
                request = function()
                    n = n + 1
                    wrk.headers["ce-id"] = thread_number .. "-" .. n
                    return wrk.format()
                end
                """.formatted(lua(DATA)) + COMMON;
    }

    /** Every request carries the same batch (ids repeat across requests: nothing on the path deduplicates). */
    private static String batchScript(int batch) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < batch; i++) {
            body.append(i == 0 ? "" : ",").append("""
                    {"specversion":"1.0","id":"b-%d","source":"https://vcenter.local/sdk",\
                    "type":"com.vmware.event.router/event","subject":"VmPoweredOffEvent",\
                    "time":"2026-11-21T10:07:35.155Z","datacontenttype":"application/json","data":%s}"""
                    .formatted(i, DATA));
        }
        body.append(']');
        return """
                wrk.method = "POST"
                wrk.body = %s
                wrk.headers["Content-Type"] = "application/cloudevents-batch+json"
                request = function()
                    return wrk.format()
                end
                """.formatted(lua(body.toString())) + COMMON;
    }

    /** A Lua string literal holding {@code text}. */
    private static String lua(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static final String COMMON = """
            local threads_started = 0
            function setup(thread)
                threads_started = threads_started + 1
                thread:set("thread_number", threads_started)
            end
            function done(summary, latency, requests)
                local e = summary.errors
                io.write(string.format("RESULT requests=%d duration_us=%d status_errors=%d socket_errors=%d p50_us=%d p99_us=%d\\n",
                    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
                    latency:percentile(50), latency:percentile(99)))
            end
            """;

    Result run(URI target, Duration duration) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(wrk.toString(), "-t", Integer.toString(threads), "-c",
                Integer.toString(connections), "-d", duration.toSeconds() + "s", "--timeout", "10s", "-s",
                script.toString(), target.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        Matcher m = RESULT.matcher(out);
        if (exit != 0 || !m.find()) {
            throw new IOException("wrk failed (exit " + exit + "): " + out.strip());
        }
        return new Result(Long.parseLong(m.group(1)), Duration.ofNanos(Long.parseLong(m.group(2)) * 1000),
                Long.parseLong(m.group(3)) + Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)));
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(script);
    }
}
