package io.eventrouter.bench.vsphere;

import io.cloudevents.CloudEvent;
import io.eventrouter.vsphere.events.CloudEventConverter;
import io.eventrouter.vsphere.events.CloudEventFormat;
import io.eventrouter.vsphere.events.EventDecoder;
import io.eventrouter.vsphere.vim25.SafeXmlReader;
import io.eventrouter.vsphere.vim25.XmlElement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * XML → CloudEvent for a real ReadNextEvents page of 1000 events as vcsim writes it (captured by
 * {@link CaptureEventPage}): {@code page} parses the SOAP response and converts every event (what the provider does
 * per page), {@code convertOnly} leaves out the XML parse. Scores are events per second (one thread = one core).
 *
 * <pre>java -jar bench/target/benchmarks.jar EventConversionBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventConversionBenchmark {

    static final String PAGE = "readnextevents-1000.xml.gz";
    static final int EVENTS = 1000;

    @Param({"router", "vsphere"})
    public String format;

    private byte[] page;
    private List<XmlElement> events;
    private EventDecoder decoder;
    private CloudEventConverter converter;

    @Setup
    public void load() throws Exception {
        try (InputStream in = new GZIPInputStream(EventConversionBenchmark.class.getResourceAsStream(PAGE))) {
            page = in.readAllBytes();
        }
        events = returnvals(SafeXmlReader.parse(new ByteArrayInputStream(page)));
        if (events.size() != EVENTS) {
            throw new IOException("expected " + EVENTS + " events in " + PAGE + ", found " + events.size());
        }
        decoder = EventDecoder.bundled();
        converter = new CloudEventConverter(URI.create("https://vcenter.example.com/sdk"), "8.0.2.0",
                format.equals("router") ? CloudEventFormat.ROUTER : CloudEventFormat.VSPHERE);
    }

    static List<XmlElement> returnvals(XmlElement envelope) {
        return envelope.child("Body").children().getFirst().children("returnval");
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void page(Blackhole blackhole) throws Exception {
        for (XmlElement element : returnvals(SafeXmlReader.parse(new ByteArrayInputStream(page)))) {
            CloudEvent event = converter.convert(decoder.decode(element));
            blackhole.consume(event);
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void convertOnly(Blackhole blackhole) throws Exception {
        for (XmlElement element : events) {
            blackhole.consume(converter.convert(decoder.decode(element)));
        }
    }
}
