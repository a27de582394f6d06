package io.eventrouter.bench.vsphere;

import io.eventrouter.bench.support.Stats;
import io.eventrouter.checkpoint.FileCheckpointStore;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.Secret;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.http.ClientTls;
import io.eventrouter.routing.Route;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.spi.ProviderHealth;
import io.eventrouter.testing.vcenter.FaultyVcenter;
import io.eventrouter.vsphere.VCenterAddress;
import io.eventrouter.vsphere.VCenterConfig;
import io.eventrouter.vsphere.VCenterProvider;
import io.eventrouter.vsphere.events.CloudEventFormat;
import io.eventrouter.vsphere.events.GoTime;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.eventrouter.vsphere.vim25.XmlElement;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drain rate of a 10,000-event burst through the fault-injecting vCenter (passing everything through, no fault
 * on) next to the rate straight from vcsim, alternating in one run. The burst is created once (vcsim keeps it); each
 * run starts the provider with a checkpoint just before it and times start → every event acknowledged by a processor
 * that acknowledges at once (two warm-up pairs first, not counted). The proxy's recorder gives the page sizes the
 * provider got.
 * <pre>java -cp bench/target/benchmarks.jar io.eventrouter.bench.vsphere.VcenterBurstHarness [events] [pairs]</pre>
 */
public final class VcenterBurstHarness {

    private static final Pattern RETURNVAL = Pattern.compile("<returnval[\\s>]");

    private VcenterBurstHarness() {
    }

    public static void main(String[] args) throws Exception {
        int burst = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        LoggerFactory.getLogger(VcenterBurstHarness.class).info("burst {}, pairs {}", burst, pairs);
        try (Vcsim vcsim = Vcsim.builder().plainHttp().start();
             FaultyVcenter proxy = FaultyVcenter.start(vcsim.sdkUrl(), null);
             EventPoster poster = vcsim.eventPoster()) {
            XmlElement newest = newestEvent(vcsim);
            long posting = System.nanoTime();
            poster.postAll(VsphereWorkload.events(burst, 11), 128);
            report("created %,d events in vcsim in %.1f s (PostEvent over 128 connections)", burst, seconds(posting));
            String checkpoint = """
                    {"vCenter":"127.0.0.1","lastEventUUID":"","lastEventKey":%s,"lastEventType":"%s",\
                    "lastEventKeyTimestamp":"%s","createdTimestamp":"%s"}""".formatted(newest.childText("key"),
                    newest.xsiType(), newest.childText("createdTime"), GoTime.format(Instant.now()));

            // the first drains load the event schema and warm the JIT: reported, not counted
            for (int warmUp = 1; warmUp <= 2; warmUp++) {
                report("warm-up %d: straight from vcsim %,.0f events/s, through the proxy %,.0f events/s", warmUp,
                        drain(vcsim.sdkUrl(), vcsim, checkpoint, burst).rate,
                        drain(proxy.sdkUrl(), vcsim, checkpoint, burst).rate);
            }
            proxy.record("ReadNextEvents");
            List<Double> ratios = new ArrayList<>();
            List<Double> directJvm = new ArrayList<>();
            List<Double> proxyJvm = new ArrayList<>();
            for (int pair = 1; pair <= pairs; pair++) {
                // the order within a pair alternates too, so that neither side always runs on a warmer JIT
                boolean proxyFirst = pair % 2 == 0;
                Drain direct = null;
                Drain through = null;
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == proxyFirst) {
                        int pagesBefore = proxy.exchanges("ReadNextEvents").size();
                        through = drain(proxy.sdkUrl(), vcsim, checkpoint, burst);
                        List<FaultyVcenter.Exchange> reads = proxy.exchanges("ReadNextEvents");
                        report("pair %d: through the proxy %,.0f events/s (CPU per event: %s); pages %s", pair,
                                through.rate, through.cpu.perEvent(burst),
                                pageSizes(reads.subList(pagesBefore, reads.size())));
                    } else {
                        direct = drain(vcsim.sdkUrl(), vcsim, checkpoint, burst);
                        report("pair %d: straight from vcsim %,.0f events/s (CPU per event: %s)", pair, direct.rate,
                                direct.cpu.perEvent(burst));
                    }
                }
                ratios.add(through.rate / direct.rate);
                directJvm.add(direct.cpu.jvmNanos() / 1e3 / burst);
                proxyJvm.add(through.cpu.jvmNanos() / 1e3 / burst);
                report("pair %d: ratio proxy / direct %.2f", pair, through.rate / direct.rate);
            }
            report("ratio proxy / direct over %d pairs: median %.2f (min %.2f, max %.2f); this JVM's CPU per event "
                            + "(router, and the proxy when it runs), median: %.1f µs direct, %.1f µs through the proxy",
                    pairs, Stats.middle(ratios), min(ratios), max(ratios), Stats.middle(directJvm),
                    Stats.middle(proxyJvm));
        }
    }

    private record Drain(double rate, VcenterDrainHarness.Cpu cpu) {
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /**
     * Starts a provider against {@code sdkUrl} after the checkpoint; returns events per second until all are
     * acknowledged, and the CPU this JVM and vcsim used meanwhile.
     */
    private static Drain drain(URI sdkUrl, Vcsim vcsim, String checkpoint, int expected) throws Exception {
        Path checkpoints = Files.createTempDirectory("burst-checkpoints");
        Files.writeString(checkpoints.resolve("cp-127.0.0.1.json"), checkpoint);
        Acking processor = new Acking(expected);
        Router router = new Router(List.of(new Route("ack", "bench", EventFilter.ALL, processor,
                DeliveryPolicy.defaults(), null)), new RouterObserver() {
                });
        try {
            VCenterProvider provider = new VCenterProvider(config(sdkUrl, vcsim, checkpoints));
            VcenterDrainHarness.Cpu cpu = VcenterDrainHarness.Cpu.now(vcsim.pid());
            long start = System.nanoTime();
            provider.start(new ProviderEnvironment("vcenter", router.publisher("vcenter"), new Quiet(),
                    ClientTls.systemDefault(), new SimpleMeterRegistry(), Clock.systemUTC(), FileCheckpointStore::new));
            if (!processor.done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("drained only " + (expected - processor.done.getCount()) + " events");
            }
            double rate = expected / seconds(start);
            VcenterDrainHarness.Cpu used = VcenterDrainHarness.Cpu.now(vcsim.pid()).minus(cpu);
            provider.close();
            return new Drain(rate, used);
        } finally {
            router.close(Duration.ofSeconds(2));
            try (var files = Files.list(checkpoints)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(checkpoints);
        }
    }

    private static VCenterConfig config(URI sdkUrl, Vcsim vcsim, Path checkpoints) {
        return new VCenterConfig(new VCenterAddress(sdkUrl), true, true, checkpoints,
                new BasicAuth(vcsim.username(), new Secret(vcsim.password())),
                CloudEventFormat.ROUTER, Duration.ofHours(1), 1000, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1), false,
                List.of(), List.of(), null, null);
    }

    /** The newest event before the burst: where the checkpoint of every run points. */
    private static XmlElement newestEvent(Vcsim vcsim) throws Exception {
        try (VimClient client = new VimClient(vcsim.sdkUrl(), ClientTls.systemDefault().context(true),
                Duration.ofSeconds(5), Duration.ofSeconds(60), new SimpleMeterRegistry())) {
            ServiceContent content = client.open(vcsim.username(), vcsim.password());
            XmlElement newest = client.readAllEvents(content, Instant.EPOCH).getLast();
            client.logout(content.sessionManager());
            return newest;
        }
    }

    /** Events per ReadNextEvents answer, as "count × size" in order of size (empty answers left out). */
    private static String pageSizes(List<FaultyVcenter.Exchange> exchanges) {
        Map<Integer, Integer> bySize = new TreeMap<>();
        for (FaultyVcenter.Exchange exchange : exchanges) {
            Matcher matcher = RETURNVAL.matcher(exchange.response());
            int events = 0;
            while (matcher.find()) {
                events++;
            }
            if (events > 0) {
                bySize.merge(events, 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        bySize.forEach((size, count) -> parts.add(count + " × " + size));
        return String.join(", ", parts);
    }

    /** Acknowledges at once; counts down once per event of the burst. */
    private static final class Acking implements EventProcessor {
        final CountDownLatch done;

        Acking(int expected) {
            this.done = new CountDownLatch(expected);
        }

        @Override
        public DeliveryResult deliver(CloudEvent event, Duration timeout) {
            done.countDown();
            return DeliveryResult.delivered(200);
        }

        @Override
        public String describe() {
            return "ack";
        }
    }

    /** Reports only real trouble (not the initial "connecting"). */
    private static final class Quiet implements ProviderHealth {
        @Override
        public void up() {
        }

        @Override
        public void down(String reason) {
            if (!reason.startsWith("connecting")) {
                report("provider down: %s", reason);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
