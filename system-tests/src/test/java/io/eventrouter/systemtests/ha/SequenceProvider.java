package io.eventrouter.systemtests.ha;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.checkpoint.AckWindow;
import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.ProviderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes events {@code seq-1}, {@code seq-2}, ... (extension {@code replica}: the POD_NAME of the process) and
 * checkpoints the newest number whose events, and all before it, were acknowledged; it starts after that number. Its
 * events therefore repeat exactly the ones acknowledged but not yet checkpointed when a replica died, which is what
 * the tests count.
 */
final class SequenceProvider implements EventProvider {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceProvider.class);
    static final String DOCUMENT = "sequence.json";

    private final SequenceConfig config;
    private final AckWindow<Long> window = new AckWindow<>();
    private final ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor();
    private CheckpointStore store;
    private Thread reader;
    private Long written;

    SequenceProvider(SequenceConfig config) {
        this.config = config;
    }

    @Override
    public void start(ProviderContext context) throws IOException {
        store = context.checkpointStore(config.checkpointDir());
        Optional<String> checkpoint = store.read(DOCUMENT);
        long first = checkpoint.map(text -> Long.parseLong(text.strip()) + 1).orElse(1L);
        LOG.info("sequence starts at {} (checkpoint {} in {})", first, checkpoint.orElse("none"), store.describe());
        context.health().up();
        long pauseNanos = TimeUnit.SECONDS.toNanos(1) / config.ratePerSecond();
        reader = Thread.ofVirtual().name("sequence").start(() -> publish(context, first, pauseNanos));
        long interval = config.checkpointInterval().toMillis();
        checkpoints.scheduleWithFixedDelay(this::checkpoint, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void publish(ProviderContext context, long first, long pauseNanos) {
        String replica = String.valueOf(System.getenv("POD_NAME"));
        try {
            for (long n = first; !Thread.currentThread().isInterrupted(); n++) {
                CloudEvent event = CloudEventBuilder.v1().withId("seq-" + n).withSource(URI.create("/test-sequence"))
                        .withType("test.sequence").withExtension("replica", replica)
                        .withData("application/json", ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8))
                        .build();
                long ticket = window.append(n);
                Acknowledgement done = context.publisher().publish(event, "sequence");
                done.done().thenRun(() -> window.acknowledge(ticket));
                TimeUnit.NANOSECONDS.sleep(pauseNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void checkpoint() {
        Long safe = window.safePosition().orElse(null);
        if (safe == null || safe.equals(written)) {
            return;
        }
        try {
            store.write(DOCUMENT, safe.toString());
            written = safe;
        } catch (IOException e) {
            LOG.warn("checkpoint {} not written: {}", safe, e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "test sequence at " + config.ratePerSecond() + "/s";
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        checkpoints.shutdownNow();
        checkpoint();
    }
}
