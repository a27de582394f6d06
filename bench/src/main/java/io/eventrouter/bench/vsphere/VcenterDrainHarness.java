package io.eventrouter.bench.vsphere;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.bench.support.ProcStats;
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
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.spi.ProviderHealth;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.vsphere.VCenterAddress;
import io.eventrouter.vsphere.VCenterConfig;
import io.eventrouter.vsphere.VCenterProvider;
import io.eventrouter.vsphere.events.CloudEventFormat;
import io.eventrouter.vsphere.events.GoTime;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.eventrouter.vsphere.vim25.XmlElement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the vCenter provider against vcsim, in one run:
 * <ol>
 *   <li>raw rate: our own vim25 client reads a backlog with ReadNextEvents(1000) (connect, login, HTTP, XML parse,
 *       no conversion);</li>
 *   <li>drain rate: the provider, started with a checkpoint just before the backlog, converts and publishes it
 *       through a router to a processor that acknowledges at once (connect and login included); three runs, each
 *       right after a raw run (the first pair with cold JIT); then the router alone with the same number of
 *       events;</li>
 *   <li>latency: single events posted one by one with random gaps; event created (vcsim's createdTime) →
 *       handed to the router → acknowledged; next to it the floor vcsim itself sets: event created →
 *       WaitForUpdatesEx returns, for our client alone.</li>
 * </ol>
 * <pre>java -cp bench/target/benchmarks.jar io.eventrouter.bench.vsphere.VcenterDrainHarness [backlog] [samples]</pre>
 */
public final class VcenterDrainHarness {

    private VcenterDrainHarness() {
    }

    public static void main(String[] args) throws Exception {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // start the logging framework now: it belongs to process start-up, not to the first drain
        LoggerFactory.getLogger(VcenterDrainHarness.class).info("backlog {}, latency samples {}", backlog, samples);
        try (Vcsim vcsim = Vcsim.builder().start(); EventPoster poster = vcsim.eventPoster()) {
            // the backlog starts after the simulator's own inventory events
            XmlElement newest = readAll(vcsim, Instant.EPOCH).getLast();
            long posting = System.nanoTime();
            poster.postAll(VsphereWorkload.events(backlog, 7), 8);
            report("posted %,d events into vcsim in %.1f s", backlog, seconds(posting));

            Instant before = GoTime.parse(newest.childText("createdTime")).toInstant();
            String checkpoint = """
                    {"vCenter":"127.0.0.1","lastEventUUID":"","lastEventKey":%s,"lastEventType":"%s",\
                    "lastEventKeyTimestamp":"%s","createdTimestamp":"%s"}""".formatted(newest.childText("key"),
                    newest.xsiType(), newest.childText("createdTime"), GoTime.format(Instant.now()));
            // raw and drain alternate, so that both see the same machine (and the first pair the same cold JIT)
            int expected = 0;
            for (int run = 1; run <= 3; run++) {
                Cpu cpu = Cpu.now(vcsim.pid());
                long start = System.nanoTime();
                expected = readAll(vcsim, before).size();
                double raw = expected / seconds(start);
                Cpu rawCpu = Cpu.now(vcsim.pid()).minus(cpu);
                cpu = Cpu.now(vcsim.pid());
                double drained = drain(vcsim, checkpoint, expected);
                Cpu drainCpu = Cpu.now(vcsim.pid()).minus(cpu);
                report("run %d: raw ReadNextEvents(1000) %,.0f events/s (CPU per event: %s); provider drain %,.0f "
                                + "events/s (%.2f× raw; CPU per event: %s) over %,d events", run, raw,
                        rawCpu.perEvent(expected), drained, drained / raw, drainCpu.perEvent(expected), expected);
            }
            routerOnly(expected);
            latency(vcsim, poster, samples);
            signalFloor(vcsim, poster, samples);
        }
    }

    /**
     * A provider started with a checkpoint just before the backlog, until it has all of it acknowledged (start,
     * login, read, convert, route, acknowledge); returns events per second.
     */
    private static double drain(Vcsim vcsim, String checkpoint, int expected) throws Exception {
        Path checkpoints = Files.createTempDirectory("drain-checkpoints");
        Files.writeString(checkpoints.resolve("cp-127.0.0.1.json"), checkpoint);
        Timing timing = new Timing(new CountDownLatch(expected));
        Router router = router();
        try {
            VCenterProvider provider = new VCenterProvider(config(vcsim, checkpoints));
            long start = System.nanoTime();
            provider.start(environment(timing.wrap(router.publisher("vcenter")), new Quiet()));
            if (!timing.drained.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("drained only " + (expected - timing.drained.getCount()) + " events");
            }
            double rate = expected / seconds(start);
            provider.close();
            return rate;
        } finally {
            router.close(Duration.ofSeconds(2));
            deleteCheckpoints(checkpoints);
        }
    }

    private static void deleteCheckpoints(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** The router alone, one ordering lane, the same processor: the ceiling a single vCenter's events can reach. */
    private static void routerOnly(int count) throws Exception {
        CloudEvent event = CloudEventBuilder.v1().withId("1").withSource(URI.create("https://vc/sdk"))
                .withType("com.vmware.event.router/event").withData(new byte[700]).build();
        Router router = router();
        try {
            EventPublisher publisher = router.publisher("bench");
            for (int run = 1; run <= 2; run++) {
                CountDownLatch done = new CountDownLatch(count);
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    publisher.publish(event, "https://vc/sdk").done().thenRun(done::countDown);
                }
                done.await();
                double elapsed = seconds(start);
                report("router only, one lane, run %d: %,d events in %.2f s = %,.0f events/s", run, count, elapsed,
                        count / elapsed);
            }
        } finally {
            router.close(Duration.ofSeconds(2));
        }
    }

    /** Single events posted one at a time into an idle, tailing provider. */
    private static void latency(Vcsim vcsim, EventPoster poster, int samples) throws Exception {
        Timing timing = new Timing(new CountDownLatch(0));
        Router router = router();
        Path checkpoints = Files.createTempDirectory("latency");
        try {
            VCenterProvider provider = new VCenterProvider(config(vcsim, checkpoints));
            Quiet health = new Quiet();
            provider.start(environment(timing.wrap(router.publisher("vcenter")), health));
            health.up.await(30, TimeUnit.SECONDS);
            timing.sampling = true;
            Random random = new Random(3);
            for (int i = 0; i < samples; i++) {
                Thread.sleep(20 + random.nextInt(180)); // spread the posts over the simulator's update ticks
                poster.post(EventPoster.generalUserEvent("latency " + i));
                if (!timing.sampled.tryAcquire(5, TimeUnit.SECONDS)) {
                    report("event %d was not acknowledged within 5 s", i);
                }
            }
            timing.sampling = false;
            report("latency over %d single events (ms): created→published %s; published→acknowledged %s; "
                            + "created→acknowledged %s", timing.acknowledged.size(), Timing.stats(timing.published),
                    Timing.stats(timing.routed), Timing.stats(timing.acknowledged));
            provider.close();
        } finally {
            router.close(Duration.ofSeconds(2));
            deleteCheckpoints(checkpoints);
        }
    }

    /**
     * How long vcsim itself takes to end a WaitForUpdatesEx on latestPage after an event is written, measured with our
     * client alone: the floor for any tailer built on it (vcsim gathers property updates on a 250 ms ticker).
     */
    private static void signalFloor(Vcsim vcsim, EventPoster poster, int samples) throws Exception {
        List<Long> latencies = new ArrayList<>();
        try (VimClient client = new VimClient(vcsim.sdkUrl(), ClientTls.systemDefault().context(true),
                Duration.ofSeconds(5), Duration.ofSeconds(60), new SimpleMeterRegistry())) {
            ServiceContent content = client.open(vcsim.username(), vcsim.password());
            var collector = client.createCollectorForEvents(content.eventManager(), content.rootFolder(),
                    client.currentTime());
            client.setCollectorPageSize(collector, 1);
            client.createFilter(content.propertyCollector(), collector, "latestPage");
            String version = client.waitForUpdatesEx(content.propertyCollector(), "", 0).orElse("");
            client.readNextEvents(collector, 1000);
            Random random = new Random(5);
            for (int i = 0; i < samples; i++) {
                String since = version;
                FutureTask<Optional<String>> wait = new FutureTask<>(
                        () -> client.waitForUpdatesEx(content.propertyCollector(), since, 30));
                Thread.ofVirtual().start(wait);
                Thread.sleep(20 + random.nextInt(180));
                poster.post(EventPoster.generalUserEvent("signal " + i));
                version = wait.get().orElse(version);
                Instant woken = Instant.now();
                List<XmlElement> page = client.readNextEvents(collector, 1000);
                if (!page.isEmpty()) {
                    Instant created = GoTime.parse(page.getLast().childText("createdTime")).toInstant();
                    latencies.add(Duration.between(created, woken).toNanos());
                }
            }
            client.logout(content.sessionManager());
        }
        report("vcsim's own signal, event created → WaitForUpdatesEx returns, %d events (ms): %s", latencies.size(),
                Timing.stats(latencies));
    }

    private static Router router() {
        DeliveryPolicy delivery = DeliveryPolicy.defaults();
        return new Router(List.of(new Route("ack", "bench", EventFilter.ALL, new AckingProcessor(), delivery, null)),
                new RouterObserver() {
                });
    }

    private static ProviderEnvironment environment(EventPublisher publisher, ProviderHealth health) {
        return new ProviderEnvironment("vcenter", publisher, health, ClientTls.systemDefault(),
                new SimpleMeterRegistry(), Clock.systemUTC(), FileCheckpointStore::new);
    }

    private static VCenterConfig config(Vcsim vcsim, Path checkpoints) {
        return new VCenterConfig(new VCenterAddress(vcsim.sdkUrl()), true, true, checkpoints,
                new BasicAuth(vcsim.username(), new Secret(vcsim.password())),
                CloudEventFormat.ROUTER, Duration.ofHours(1), 1000, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1), false,
                List.of(), List.of(), null, null);
    }

    /** Every event created at or after {@code begin}, read with our client: the raw rate. */
    private static List<XmlElement> readAll(Vcsim vcsim, Instant begin) throws Exception {
        try (VimClient client = new VimClient(vcsim.sdkUrl(), ClientTls.systemDefault().context(true),
                Duration.ofSeconds(5), Duration.ofSeconds(60), new SimpleMeterRegistry())) {
            ServiceContent content = client.open(vcsim.username(), vcsim.password());
            List<XmlElement> all = client.readAllEvents(content, begin);
            client.logout(content.sessionManager());
            return all;
        }
    }

    /**
     * CPU time used by this JVM (all its threads, JIT and GC included) and by vcsim: unlike rates, CPU per event
     * hardly depends on what else runs on a shared machine.
     */
    record Cpu(long jvmNanos, long vcsimNanos) {

        static Cpu now(long vcsimPid) throws Exception {
            long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Cpu(jvm, ProcStats.cpuNanos(vcsimPid));
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(jvmNanos - earlier.jvmNanos, vcsimNanos - earlier.vcsimNanos);
        }

        String perEvent(int events) {
            return "JVM %.1f µs + vcsim %.1f µs".formatted(jvmNanos / 1e3 / events, vcsimNanos / 1e3 / events);
        }
    }

    /** Records, per event, when it was published and acknowledged. */
    private static final class Timing {
        final CountDownLatch drained;
        final List<Long> published = Collections.synchronizedList(new ArrayList<>());
        final List<Long> routed = Collections.synchronizedList(new ArrayList<>());
        final List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final Semaphore sampled = new Semaphore(0);
        volatile boolean sampling;

        Timing(CountDownLatch drained) {
            this.drained = drained;
        }

        EventPublisher wrap(EventPublisher publisher) {
            return new EventPublisher() {
                @Override
                public Acknowledgement publish(CloudEvent event, String orderingKey) throws InterruptedException {
                    long handedOn = System.nanoTime();
                    Instant handedOnAt = Instant.now();
                    Acknowledgement ack = publisher.publish(event, orderingKey);
                    boolean sample = sampling;
                    ack.done().thenRun(() -> {
                        drained.countDown();
                        if (sample && event.getTime() != null) {
                            long created = Duration.between(event.getTime().toInstant(), handedOnAt).toNanos();
                            long toAck = System.nanoTime() - handedOn;
                            published.add(created);
                            routed.add(toAck);
                            acknowledged.add(created + toAck);
                            sampled.release();
                        }
                    });
                    return ack;
                }

                @Override
                public Optional<Acknowledgement> tryPublish(CloudEvent event, String orderingKey, Duration maxWait)
                        throws InterruptedException {
                    return publisher.tryPublish(event, orderingKey, maxWait);
                }

                @Override
                public void recordError() {
                    publisher.recordError();
                }
            };
        }

        static String stats(List<Long> nanos) {
            List<Long> sorted;
            synchronized (nanos) {
                sorted = new ArrayList<>(nanos);
            }
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return "n/a";
            }
            return "p50 %.1f, p99 %.1f, max %.1f".formatted(Stats.percentile(sorted, 0.50) / 1e6,
                    Stats.percentile(sorted, 0.99) / 1e6, sorted.getLast() / 1e6);
        }
    }

    /** Acknowledges everything at once. */
    private static final class AckingProcessor implements EventProcessor {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public DeliveryResult deliver(CloudEvent event, Duration timeout) {
            count.incrementAndGet();
            return DeliveryResult.delivered(200);
        }

        @Override
        public String describe() {
            return "ack";
        }
    }

    /** Reports only real trouble (not the initial "connecting"). */
    private static final class Quiet implements ProviderHealth {
        final CountDownLatch up = new CountDownLatch(1);

        @Override
        public void up() {
            up.countDown();
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
