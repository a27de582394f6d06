package io.eventrouter.app.viewer;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A browser that stops reading must not slow the router: 10,000 events are delivered with and without a stalled
 * browser connected, and the stalled browser's queue stays within its bound while it loses messages.
 */
class SlowBrowserTest {

    private static final int EVENTS = 10_000;
    private static final int RUNS = 3;
    /** About 2 KB of data per event, as a vCenter event with a long message: 20 MB pass the viewer per run. */
    private static final String DATA = "{\"Key\":1,\"FullFormattedMessage\":\"" + "x".repeat(2000) + "\"}";

    /** Counts deliveries without keeping the events (a list would cost more than the router itself). */
    static final class CountingProcessor implements EventProcessor {
        final LongAdder delivered = new LongAdder();

        @Override
        public DeliveryResult deliver(CloudEvent event, Duration timeout) {
            delivered.increment();
            return DeliveryResult.delivered(200);
        }

        @Override
        public String describe() {
            return "counting";
        }
    }

    /** An HTTP client that asks for the stream, then never reads: the server's writes block once TCP buffers fill. */
    static final class StalledBrowser implements AutoCloseable {
        private final Socket socket = new Socket();

        StalledBrowser(int port) throws IOException {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            out.write("GET /events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aStalledBrowserDoesNotSlowDeliveryAndItsQueueStaysBounded() throws Exception {
        CountingProcessor processor = new CountingProcessor();
        try (ViewerFixture fixture = ViewerFixture.builder().processor(processor).start()) {
            deliver(fixture, 2_000, "warm-up");
            long baseline = fastestOf(RUNS, fixture, "baseline");
            long heapBefore = usedHeapAfterGc();
            try (StalledBrowser ignored = new StalledBrowser(fixture.server.address().getPort())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> fixture.viewer.subscribers().size() == 1);
                Subscriber stalled = fixture.viewer.subscribers().getFirst();
                long withStalled = fastestOf(RUNS, fixture, "stalled");
                long heapAfter = usedHeapAfterGc();

                assertThat(processor.delivered.sum()).isEqualTo(2_000 + 2L * RUNS * EVENTS);
                assertThat(stalled.pending()).isLessThanOrEqualTo(stalled.capacity());
                assertThat(stalled.dropped()).as("messages dropped for the stalled browser").isGreaterThan(0);
                assertThat(fixture.viewer.historySize()).isEqualTo(1000);
                System.out.printf("delivery of %d events (fastest of %d runs): %d ms without a browser, %d ms with a "
                                + "stalled browser; "
                                + "stalled browser: %d queued (capacity %d), %d dropped; used heap after GC: %d MB "
                                + "before, %d MB after%n", EVENTS, RUNS, baseline, withStalled, stalled.pending(),
                        stalled.capacity(), stalled.dropped(), heapBefore >> 20, heapAfter >> 20);
                // Generous for a shared 2-core machine (the stalled browser's writer competes for the CPU until its
                // socket fills); a router that waited for the browser would not finish at all.
                assertThat(withStalled).isLessThan(2 * baseline + 1_000);
                assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(64L << 20);
            }
        }
    }

    /** The fastest of {@code runs} deliveries of {@link #EVENTS} events, in milliseconds (timings on a shared machine vary). */
    private static long fastestOf(int runs, ViewerFixture fixture, String label) throws Exception {
        long fastest = Long.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            fastest = Math.min(fastest, deliver(fixture, EVENTS, label + run));
        }
        return fastest;
    }

    /** Publishes {@code count} events and waits until all are delivered; returns the milliseconds it took. */
    private static long deliver(ViewerFixture fixture, int count, String label) throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Acknowledgement ack = fixture.publish(ViewerFixture.event(label + "-" + i, "VmPoweredOnEvent", DATA));
            done.add(ack.done().toCompletableFuture());
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
