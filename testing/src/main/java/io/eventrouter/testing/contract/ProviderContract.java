package io.eventrouter.testing.contract;

import io.cloudevents.CloudEvent;
import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.ConnectorTls;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.spi.ProviderHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every pull provider with checkpoints promises, through the SPI only ({@link EventProvider}, its
 * {@link io.eventrouter.spi.ProviderContext} and {@link CheckpointStore}): after a restart it resumes from its
 * checkpoint with the events of the downtime, repeats no event that was acknowledged and checkpointed, publishes
 * again what was published but not acknowledged (the checkpoint follows acknowledgements, not publishing), and when
 * the store cannot be read it waits instead of starting somewhere else (which would skip or repeat events). A provider
 * module's contract test extends this class and says how to make its provider and add events to its source.
 */
public abstract class ProviderContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    protected Path checkpointDir;

    private final MemoryStore store = new MemoryStore();
    private final Published published = new Published();
    private final Health health = new Health();
    private EventProvider running;

    /** A provider of the type under test reading the test's source, with checkpoints in {@code directory}. */
    protected abstract EventProvider provider(Path directory) throws Exception;

    /** Adds one event to the source, later than every event before; returns the key {@link #keyOf} gives it. */
    protected abstract String addEvent() throws Exception;

    /** What identifies a published event's source event (by default its CloudEvent id). */
    protected String keyOf(CloudEvent event) {
        return event.getId();
    }

    @AfterEach
    void stopProvider() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void resumesFromItsCheckpointWithTheDowntimesEventsAndRepeatsNoAcknowledgedOne() throws Exception {
        List<String> before = firstRunCheckpointed();

        List<String> downtime = List.of(addEvent(), addEvent());
        start();

        await().atMost(WAIT).until(() -> published.keys().containsAll(downtime));
        assertThat(published.keys()).as("every event once").doesNotHaveDuplicates().containsAll(before);
    }

    @Test
    void aStoreThatCannotBeReadIsWaitedOutNotSkippedOrStartedOver() throws Exception {
        List<String> before = firstRunCheckpointed();
        List<String> downtime = List.of(addEvent(), addEvent());
        store.failReads = true;
        int failedBefore = store.failedReads.get();

        start();
        await().atMost(WAIT).until(() -> store.failedReads.get() >= failedBefore + 2);
        store.failReads = false;

        await().atMost(WAIT).until(() -> published.keys().containsAll(downtime));
        assertThat(published.keys()).as("every event once").doesNotHaveDuplicates().containsAll(before);
    }

    @Test
    void eventsNotAcknowledgedBeforeCloseArePublishedAgainAfterARestart() throws Exception {
        List<String> before = firstRunCheckpointed();
        published.holdAcknowledgements = true;
        start();
        List<String> unacknowledged = List.of(addEvent(), addEvent());
        await().atMost(WAIT).until(() -> published.keys().containsAll(unacknowledged));
        running.close();
        running = null;

        published.holdAcknowledgements = false;
        start();

        await().atMost(WAIT).until(() -> unacknowledged.stream().allMatch(key -> published.count(key) >= 2));
        assertThat(before).as("acknowledged and checkpointed before: published once")
                .allSatisfy(key -> assertThat(published.count(key)).as(key).isEqualTo(1));
    }

    /**
     * Runs a provider until three events are acknowledged and the store written after that (a writer that writes only
     * when its position moved writes once), then closes it.
     */
    private List<String> firstRunCheckpointed() throws Exception {
        start();
        // a provider without a checkpoint may start from the newest event: add only once it reads
        await().atMost(WAIT).until(() -> health.up);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(addEvent());
        }
        await().atMost(WAIT).until(() -> published.keys().containsAll(keys));
        long acknowledged = published.lastPublished;
        await().atMost(WAIT).until(() -> store.lastWrite > acknowledged);
        running.close();
        running = null;
        return keys;
    }

    private void start() throws Exception {
        running = provider(checkpointDir);
        health.up = false;
        running.start(new ProviderEnvironment("contract", published, health, ConnectorTls.systemDefault(),
                new SimpleMeterRegistry(), Clock.systemUTC(), directory -> store));
    }

    /** A checkpoint store in memory whose reads can be made to fail. */
    private static final class MemoryStore implements CheckpointStore {
        private final Map<String, String> documents = new ConcurrentHashMap<>();
        volatile long lastWrite = Long.MIN_VALUE;
        final AtomicInteger failedReads = new AtomicInteger();
        volatile boolean failReads;

        @Override
        public Optional<String> read(String name) throws IOException {
            if (failReads) {
                failedReads.incrementAndGet();
                throw new IOException("the contract's store cannot be read now");
            }
            return Optional.ofNullable(documents.get(name));
        }

        @Override
        public void write(String name, String content) {
            documents.put(name, content);
            lastWrite = System.nanoTime();
        }

        @Override
        public String describe() {
            return "memory";
        }
    }

    /**
     * Records what is published and acknowledges it at once, as delivered; or, while {@link #holdAcknowledgements},
     * never (the router had not finished with the events when the provider closed).
     */
    private final class Published implements EventPublisher {
        private final List<String> keys = new CopyOnWriteArrayList<>();
        /** When the last event was published and so acknowledged ({@link System#nanoTime()}). */
        volatile long lastPublished;
        volatile boolean holdAcknowledgements;

        List<String> keys() {
            return List.copyOf(keys);
        }

        int count(String key) {
            return Collections.frequency(keys, key);
        }

        @Override
        public Acknowledgement publish(CloudEvent event, String orderingKey) {
            keys.add(keyOf(event));
            lastPublished = System.nanoTime();
            return holdAcknowledgements ? new Pending() : new Delivered();
        }

        @Override
        public Optional<Acknowledgement> tryPublish(CloudEvent event, String orderingKey, Duration maxWait) {
            return Optional.of(publish(event, orderingKey));
        }

        @Override
        public void recordError() {
        }
    }

    private record Delivered() implements Acknowledgement {
        @Override
        public CompletionStage<Void> done() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<Outcome> outcome() {
            return Optional.of(Outcome.DELIVERED);
        }
    }

    private record Pending() implements Acknowledgement {
        @Override
        public CompletionStage<Void> done() {
            return new CompletableFuture<>();
        }

        @Override
        public Optional<Outcome> outcome() {
            return Optional.empty();
        }
    }

    /** Whether the provider said it reads its source. */
    private static final class Health implements ProviderHealth {
        volatile boolean up;

        @Override
        public void up() {
            up = true;
        }

        @Override
        public void down(String reason) {
            up = false;
        }
    }
}
