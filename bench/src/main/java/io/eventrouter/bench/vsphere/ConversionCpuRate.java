package io.eventrouter.bench.vsphere;

import io.eventrouter.vsphere.events.CloudEventConverter;
import io.eventrouter.vsphere.events.CloudEventFormat;
import io.eventrouter.vsphere.events.EventDecoder;
import io.eventrouter.vsphere.vim25.SafeXmlReader;
import io.eventrouter.vsphere.vim25.XmlElement;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.zip.GZIPInputStream;

/**
 * The same work as {@link EventConversionBenchmark#page}, timed by the thread's CPU time instead of the wall clock:
 * events per CPU-second is the per-core rate even on a machine whose cores are busy with other work, where JMH's
 * wall-clock throughput only shows the share of a core the benchmark got.
 * <pre>java -cp bench/target/benchmarks.jar io.eventrouter.bench.vsphere.ConversionCpuRate [rounds]</pre>
 */
public final class ConversionCpuRate {

    private ConversionCpuRate() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        byte[] page;
        try (InputStream in = new GZIPInputStream(
                ConversionCpuRate.class.getResourceAsStream(EventConversionBenchmark.PAGE))) {
            page = in.readAllBytes();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        EventDecoder decoder = EventDecoder.bundled();
        for (CloudEventFormat format : CloudEventFormat.values()) {
            CloudEventConverter converter = new CloudEventConverter(URI.create("https://vcenter.example.com/sdk"),
                    "8.0.2.0", format);
            long sink = 0;
            for (int warmup = 0; warmup < rounds; warmup++) {
                sink += convertPage(page, decoder, converter);
            }
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            long events = 0;
            for (int round = 0; round < rounds; round++) {
                events += convertPage(page, decoder, converter);
            }
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            System.out.printf("%s: %,d events (parse + convert), %,.0f events per CPU-second, %,.0f per wall-second"
                    + " (checksum %d)%n", format.wireName(), events, events / cpuSeconds, events / wallSeconds, sink);
        }
    }

    private static long convertPage(byte[] page, EventDecoder decoder, CloudEventConverter converter)
            throws Exception {
        long count = 0;
        for (XmlElement element : EventConversionBenchmark.returnvals(SafeXmlReader.parse(new ByteArrayInputStream(page)))) {
            count += converter.convert(decoder.decode(element)).getId().length() > 0 ? 1 : 0;
        }
        return count;
    }
}
