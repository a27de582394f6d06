package io.eventrouter.source;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.ConnectorTls;
import io.eventrouter.spi.EventPublisher;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.spi.ProviderHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runner with an in-memory source, store and publisher, a clock that only moves when the source waits, and a
 * sleeper that records the pauses instead of sleeping: nothing here depends on how fast the machine is.
 */
class SourceRunnerTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofMillis(400);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    private final ManualClock clock = new ManualClock();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final MemoryStore store = new MemoryStore();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final RecordingHealth health = new RecordingHealth();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CountingSource source = new CountingSource(clock);
    private SourceRunner<Integer> runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private SourceRunner<Integer> start(boolean checkpoints) {
        ProviderEnvironment context = new ProviderEnvironment("test", publisher, health, ConnectorTls.systemDefault(),
                meters, clock, dir -> store);
        runner = new SourceRunner<>(source, context, new SourceRunner.Settings("eventrouter.test", MIN, MAX,
                Duration.ofSeconds(30), STALL_TIMEOUT, checkpoints ? java.nio.file.Path.of("cp") : null,
                Duration.ofHours(1)), sleeps::add);
        runner.start("test-source");
        return runner;
    }

    @Test
    void resumesAfterTheCheckpointWithoutRepeatingWhatItCovers() {
        store.documents.put("cp-test.json", "5");
        source.add(8);
        start(true);

        await().until(() -> publisher.numbers().size() == 3);
        assertThat(source.resumedFrom).isEqualTo(Optional.of(5));
        assertThat(publisher.numbers()).containsExactly(6, 7, 8);
        await().until(() -> health.reports.contains("up"));
    }

    @Test
    void aStoreThatCannotBeReadIsRetriedWithBackoffNeverSkipped() {
        store.documents.put("cp-test.json", "5");
        store.readFailures.set(3);
        source.add(7);
        start(true);

        await().until(() -> publisher.numbers().size() == 2);
        assertThat(publisher.numbers()).containsExactly(6, 7);
        assertThat(health.reports).filteredOn(report -> report.startsWith("down: cannot read checkpoint cp-test.json"))
                .hasSize(3);
        assertThat(sleeps).startsWith(MIN, MIN.multipliedBy(2), MAX);
    }

    @Test
    void aNewSessionGoesOnAfterTheLastEventHandedOnAndRepeatsNoAcknowledgedEvent() {
        source.add(4);
        source.pollFailures.add(new IOException("connection reset"));
        start(true);
        await().until(() -> publisher.numbers().size() == 4);

        source.pollFailures.add(new IOException("connection reset"));
        source.add(3);
        await().until(() -> publisher.numbers().size() == 7);

        assertThat(publisher.numbers()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(source.sessions).hasValueGreaterThanOrEqualTo(3);
        assertThat(health.reports).contains("down: connection reset");
        await().until(() -> health.reports.getLast().equals("up"));
    }

    @Test
    void pausesGrowToTheCapAndStartOverAfterASuccess() {
        for (int i = 0; i < 5; i++) {
            source.openFailures.add(new IOException("refused"));
        }
        source.add(1);
        start(false);
        await().until(() -> publisher.numbers().size() == 1);
        assertThat(sleeps).containsExactly(MIN, MIN.multipliedBy(2), MAX, MAX, MAX);

        source.pollFailures.add(new IOException("refused again"));
        source.add(1);
        await().until(() -> publisher.numbers().size() == 2);
        assertThat(sleeps).hasSize(6).endsWith(MIN);
    }

    @Test
    void aRoutineFailureAfterAHealthyStretchIsRetriedAtOnceButNotTwiceInARow() {
        source.add(1);
        start(false);
        await().until(() -> publisher.numbers().size() == 1);

        source.openFailures.add(new RoutineFailure());
        source.openFailures.add(new RoutineFailure());
        source.pollFailures.add(new RoutineFailure());
        source.add(1);
        await().until(() -> publisher.numbers().size() == 2);
        // the first at once (counted as MIN), the next ones in a row pause: nothing was read in between
        assertThat(sleeps).containsExactly(MIN.multipliedBy(2), MAX);
    }

    @Test
    void onStopTheAcknowledgedPositionIsWrittenEvenBeforeTheInterval() {
        source.add(3);
        publisher.holdAcks = true;
        start(true);
        await().until(() -> publisher.numbers().size() == 3);
        publisher.acknowledge(0);
        publisher.acknowledge(1); // the third is still in flight
        assertThat(meters.get("eventrouter.test.unacknowledged.events").gauge().value()).isEqualTo(1);

        runner.close();
        runner = null;

        assertThat(store.documents).containsEntry("cp-test.json", "2");
    }

    @Test
    void readsThatReturnNothingWhileTheSourceShowsNewerEventsAreAStallAndANewSessionEndsIt() {
        source.add(2);
        start(false);
        await().until(() -> publisher.numbers().size() == 2);
        int sessions = source.sessions.get();

        source.hidden = true;
        source.add(3);
        await().until(() -> meters.get("eventrouter.test.stalls").counter().count() >= 1);
        assertThat(health.reports).anyMatch(report -> report.startsWith("down: reading stalled"));
        assertThat(meters.get("eventrouter.test.lag.events").gauge().value()).isEqualTo(3);
        await().until(() -> source.sessions.get() > sessions);

        source.hidden = false;
        await().until(() -> publisher.numbers().size() == 5);
        await().until(() -> health.reports.getLast().equals("up"));
        assertThat(meters.get("eventrouter.test.lag.events").gauge().value()).isZero();
    }

    // ---- the fakes ----

    /** Numbered events 1, 2, 3 …; the position is the last number handed on. */
    static final class CountingSource implements PositionedSource<Integer> {
        private final ManualClock clock;
        private final Object changes = new Object();
        private volatile int available;
        private volatile int position;
        volatile boolean hidden;
        volatile Optional<Integer> resumedFrom;
        final AtomicInteger sessions = new AtomicInteger();
        final ConcurrentLinkedQueue<Exception> openFailures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Exception> pollFailures = new ConcurrentLinkedQueue<>();

        CountingSource(ManualClock clock) {
            this.clock = clock;
        }

        void add(int count) {
            synchronized (changes) {
                available += count;
                changes.notifyAll();
            }
        }

        @Override
        public String describe() {
            return "counting source";
        }

        @Override
        public String orderingKey() {
            return "counting";
        }

        @Override
        public String checkpointName() {
            return "cp-test.json";
        }

        @Override
        public String encode(Integer position, Instant now) {
            return String.valueOf(position);
        }

        @Override
        public Optional<Integer> decode(String document) {
            return Optional.of(Integer.parseInt(document));
        }

        @Override
        public Mark markOf(Integer position) {
            return mark(position);
        }

        @Override
        public void resumeFrom(Optional<Integer> checkpoint) {
            resumedFrom = checkpoint;
            position = checkpoint.orElse(0);
        }

        @Override
        public boolean routine(Exception failure) {
            return failure instanceof RoutineFailure;
        }

        @Override
        public Session<Integer> open() throws Exception {
            sessions.incrementAndGet();
            Exception failure = openFailures.poll();
            if (failure != null) {
                throw failure;
            }
            return new Session<>() {
                @Override
                public List<SourceRecord<Integer>> poll() throws Exception {
                    Exception failure = pollFailures.poll();
                    if (failure != null) {
                        throw failure;
                    }
                    List<SourceRecord<Integer>> batch = new ArrayList<>();
                    while (!hidden && position < available && batch.size() < 2) {
                        position++;
                        batch.add(SourceRecord.publish(event(position), position, mark(position)));
                    }
                    return batch;
                }

                /** Time passes only here; the real wait is short and ends early when events are added. */
                @Override
                public void await(Duration max) throws InterruptedException {
                    synchronized (changes) {
                        changes.wait(20);
                    }
                    clock.advance(max);
                }

                @Override
                public Optional<Mark> newest() {
                    return available == 0 ? Optional.empty() : Optional.of(mark(available));
                }

                @Override
                public void close() {
                }
            };
        }

        private static Mark mark(int number) {
            return new Mark(number, Instant.EPOCH.plusSeconds(number));
        }

        private static CloudEvent event(int number) {
            return CloudEventBuilder.v1().withId(String.valueOf(number)).withSource(URI.create("test:counting"))
                    .withType("test").build();
        }
    }

    static final class RoutineFailure extends Exception {
        RoutineFailure() {
            super("session expired");
        }
    }

    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-06-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final class MemoryStore implements CheckpointStore {
        final Map<String, String> documents = new ConcurrentHashMap<>();
        final AtomicInteger readFailures = new AtomicInteger();

        @Override
        public Optional<String> read(String name) throws IOException {
            if (readFailures.getAndDecrement() > 0) {
                throw new IOException("store unavailable");
            }
            return Optional.ofNullable(documents.get(name));
        }

        @Override
        public void write(String name, String content) {
            documents.put(name, content);
        }

        @Override
        public String describe() {
            return "memory";
        }
    }

    static final class RecordingPublisher implements EventPublisher {
        final List<CloudEvent> events = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> acks = new CopyOnWriteArrayList<>();
        volatile boolean holdAcks;

        @Override
        public Acknowledgement publish(CloudEvent event, String orderingKey) {
            events.add(event);
            CompletableFuture<Void> done = holdAcks ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
            acks.add(done);
            return new Acknowledgement() {
                @Override
                public java.util.concurrent.CompletionStage<Void> done() {
                    return done;
                }

                @Override
                public Optional<Outcome> outcome() {
                    return done.isDone() ? Optional.of(Outcome.DELIVERED) : Optional.empty();
                }
            };
        }

        void acknowledge(int index) {
            acks.get(index).complete(null);
        }

        @Override
        public Optional<Acknowledgement> tryPublish(CloudEvent event, String orderingKey, Duration maxWait) {
            return Optional.of(publish(event, orderingKey));
        }

        @Override
        public void recordError() {
        }

        List<Integer> numbers() {
            return events.stream().map(event -> Integer.parseInt(event.getId())).toList();
        }
    }

    static final class RecordingHealth implements ProviderHealth {
        final List<String> reports = new CopyOnWriteArrayList<>();

        @Override
        public void up() {
            reports.add("up");
        }

        @Override
        public void down(String reason) {
            reports.add("down: " + reason);
        }
    }
}
