package io.eventrouter.bench.filter;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.ConfigTreeReader;
import io.eventrouter.config.References;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.filter.FilterSpec;
import io.eventrouter.filter.Filters;
import io.eventrouter.testing.VcenterEvents;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What one filter costs per event, compiled as the configuration loader compiles it, on a vCenter event as the
 * provider emits it (data as bytes, govmomi JSON). Every filter here matches the event, so none stops early.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar io.eventrouter.bench.filter -f 1 -wi 3 -i 5 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FilterBenchmark {

    private CloudEvent event;
    private EventFilter exact;
    private EventFilter exactExtension;
    private EventFilter prefix;
    private EventFilter suffix;
    private EventFilter cesql;
    private EventFilter patternAttributes;
    private EventFilter patternData;

    @Setup
    public void setUp() throws ConfigException {
        event = VcenterEvents.vmEvent("VmPoweredOnEvent", "prod-web-01", 4242);
        exact = compile("exact: {subject: VmPoweredOnEvent}");
        exactExtension = compile("exact: {vsphereapiversion: '6.7.3'}");
        prefix = compile("prefix: {source: 'https://vcenter.'}");
        suffix = compile("suffix: {subject: OnEvent}");
        cesql = compile("cesql: \"subject = 'VmPoweredOnEvent' AND vsphereapiversion LIKE '6.%'\"");
        patternAttributes = compile("pattern: {subject: [VmPoweredOnEvent], eventclass: [event]}");
        patternData = compile("pattern: {data: {Vm: {Name: [{prefix: prod-}]}}}");
        for (EventFilter filter : List.of(exact, exactExtension, prefix, suffix, cesql, patternAttributes, patternData)) {
            if (!filter.matches(event)) {
                throw new IllegalStateException("benchmark filter does not match: " + filter);
            }
        }
    }

    private static EventFilter compile(String yaml) throws ConfigException {
        FilterSpec spec = new Binder(References.system()).bind(ConfigTreeReader.read(yaml), FilterSpec.class,
                ConfigPath.ROOT);
        return Filters.compile(spec);
    }

    @Benchmark
    public boolean baselineNoFilter() {
        return EventFilter.ALL.matches(event);
    }

    @Benchmark
    public boolean exactOnSubject() {
        return exact.matches(event);
    }

    @Benchmark
    public boolean exactOnExtension() {
        return exactExtension.matches(event);
    }

    @Benchmark
    public boolean prefixOnSource() {
        return prefix.matches(event);
    }

    @Benchmark
    public boolean suffixOnSubject() {
        return suffix.matches(event);
    }

    @Benchmark
    public boolean cesqlTwoConditions() {
        return cesql.matches(event);
    }

    @Benchmark
    public boolean patternOnAttributes() {
        return patternAttributes.matches(event);
    }

    @Benchmark
    public boolean patternOnData() {
        return patternData.matches(event);
    }
}
