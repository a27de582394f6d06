package io.eventrouter.systemtests;

import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.vsphere.vcsim.EventPoster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The destination answers 500 for a while, then 429 for a while, then is down for 60 s, while vcsim keeps producing
 * events: nothing is lost, nothing is dead-lettered, the queue stays within its limit (the provider stops reading and
 * vCenter keeps the history), memory stays bounded, and the retries show in the metrics.
 */
class SinkOutageTest {

    private static final int QUEUE_LIMIT = 500;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void nothingIsLostAndMemoryStaysBoundedWhileTheSinkIsDown(@TempDir Path dir) throws Exception {
        String delivery = """
                retryRules: knative
                retry: 20
                backoffDelay: PT0.1S
                backoffMax: PT2S
                maxQueuedEvents: %d""".formatted(QUEUE_LIMIT);
        try (VcenterScenario scenario = new VcenterScenario(dir, "sink-outage", delivery);
             EventPoster poster = scenario.poster()) {
            scenario.router.start();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicInteger posted = new AtomicInteger();
            Thread production = Thread.ofVirtual().start(() -> {
                while (producing.get()) {
                    int from = posted.get();
                    try {
                        poster.postAll(VcenterScenario.events("outage", from, from + 20), 2);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                    posted.addAndGet(20);
                    pause(200); // about 100 events/s from vCenter
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> scenario.arrivedMessages().size() >= 200);

            AtomicLong peakRss = new AtomicLong();
            AtomicLong peakHeap = new AtomicLong();
            AtomicLong peakDepth = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (sampling.get()) {
                    peakRss.accumulateAndGet(ProcessMemory.rss(scenario.router.pid()), Math::max);
                    try {
                        MetricsScrape metrics = MetricsScrape.of(scenario.router.metrics("/metrics"));
                        peakHeap.accumulateAndGet((long) metrics.sum("jvm_memory_used_bytes", "area=\"heap\""), Math::max);
                        peakDepth.accumulateAndGet((long) metrics.sum("eventrouter_queue_depth"), Math::max);
                    } catch (Exception ignored) {
                        // the next sample
                    }
                    pause(500);
                }
            });

            scenario.receiver.respondWith(event -> CloudEventsReceiver.Reply.of(500));
            Phases.last(Duration.ofSeconds(10));
            scenario.receiver.respondWith(event -> new CloudEventsReceiver.Reply(429, Map.of("Retry-After", "1")));
            Phases.last(Duration.ofSeconds(10));
            scenario.stopReceiver();
            int postedBeforeOutage = posted.get();
            Phases.last(OUTAGE);
            MetricsScrape duringOutage = MetricsScrape.of(scenario.router.metrics("/metrics"));
            assertThat(duringOutage.sum("eventrouter_oldest_unacknowledged_seconds")).isGreaterThan(30);
            assertThat(duringOutage.sum("eventrouter_queue_depth")).isLessThanOrEqualTo(QUEUE_LIMIT);
            scenario.restartReceiver();

            int target = posted.get() + 200;
            await().atMost(Duration.ofMinutes(2)).until(() -> posted.get() >= target);
            producing.set(false);
            production.join();
            await().atMost(Duration.ofMinutes(3)).until(() ->
                    scenario.arrivedMessages().containsAll(VcenterScenario.messages("outage", 0, posted.get())));
            sampling.set(false);
            sampler.join();

            MetricsScrape metrics = MetricsScrape.of(scenario.router.metrics("/metrics"));
            double retries500 = metrics.sum("eventrouter_delivery_retries_total", "reason=\"500\"");
            double retries429 = metrics.sum("eventrouter_delivery_retries_total", "reason=\"429\"");
            double retriesNetwork = metrics.sum("eventrouter_delivery_retries_total", "reason=\"network\"");
            System.out.printf("sink outage: %d events (%d before the 60 s outage), 0 lost, 0 dead-lettered; "
                            + "retries 500=%.0f 429=%.0f network=%.0f; peak queue depth %d (limit %d); "
                            + "peak heap %d MiB, peak RSS %d MiB (-Xmx256m)%n", posted.get(), postedBeforeOutage,
                    retries500, retries429, retriesNetwork, peakDepth.get(), QUEUE_LIMIT, peakHeap.get() >> 20,
                    peakRss.get() >> 20);
            assertThat(scenario.arrivedMessages()).containsAll(VcenterScenario.messages("outage", 0, posted.get()));
            assertThat(Files.exists(scenario.deadLetters)).as("nothing dead-lettered").isFalse();
            assertThat(retries500).isPositive();
            assertThat(retries429).isPositive();
            assertThat(retriesNetwork).isPositive();
            assertThat(metrics.sum("eventrouter_deliveries_total", "outcome=\"dropped\"")).isZero();
            assertThat(peakDepth.get()).isLessThanOrEqualTo(QUEUE_LIMIT);
            assertThat(peakRss.get()).isLessThan(600L << 20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
