package io.eventrouter.source;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventrouter.checkpoint.CheckpointStore;
import io.eventrouter.checkpoint.FileCheckpointStore;
import io.eventrouter.spi.Acknowledgement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CheckpointKeeperTest {

    @TempDir
    Path dir;

    /** A position as simple as a vCenter event key. */
    record Position(int key) {
        static String encode(Position position, Instant now) {
            return position.key() + " " + now;
        }

        static Optional<Position> decode(String document) {
            return Optional.of(new Position(Integer.parseInt(document.split(" ")[0])));
        }
    }

    private static Position position(int key) {
        return new Position(key);
    }

    record Ack(CompletableFuture<Void> future) implements Acknowledgement {
        Ack() {
            this(new CompletableFuture<>());
        }

        @Override
        public CompletionStage<Void> done() {
            return future;
        }

        @Override
        public Optional<Outcome> outcome() {
            return future.isDone() ? Optional.of(Outcome.DELIVERED) : Optional.empty();
        }
    }

    private CheckpointKeeper<Position> keeper() {
        return CheckpointKeeper.enabled(new FileCheckpointStore(dir), "cp-vc.json", Position::encode,
                Position::decode, Clock.systemUTC(), Duration.ofHours(1));
    }

    @Test
    void writesOnlyTheAcknowledgedPrefix() throws Exception {
        try (CheckpointKeeper<Position> keeper = keeper()) {
            Ack first = new Ack();
            Ack second = new Ack();
            Ack third = new Ack();
            keeper.track(position(1), first);
            keeper.track(position(2), second);
            keeper.track(position(3), third);

            keeper.flush();
            assertThat(dir.resolve("cp-vc.json")).doesNotExist(); // nothing acknowledged yet

            third.future().complete(null);
            first.future().complete(null);
            keeper.flush();
            assertThat(key()).isEqualTo(1); // 3 is done, but 2 is not: never past it

            second.future().complete(null);
            keeper.flush();
            assertThat(key()).isEqualTo(3);
            assertThat(keeper.load().orElseThrow()).isEqualTo(position(3));
        }
    }

    @Test
    void passesOverSkippedEventsAndWritesOnClose() throws Exception {
        CheckpointKeeper<Position> keeper = keeper();
        Ack first = new Ack();
        keeper.track(position(1), first);
        keeper.passOver(position(2));
        first.future().complete(null);
        keeper.close();
        assertThat(key()).isEqualTo(2);
    }

    /** A file store that counts writes and asks for them to be {@code spacing} apart. */
    static final class SpacedStore implements CheckpointStore {
        private final FileCheckpointStore files;
        private final Duration spacing;
        private final AtomicInteger writes = new AtomicInteger();

        SpacedStore(Path dir, Duration spacing) {
            this.files = new FileCheckpointStore(dir);
            this.spacing = spacing;
        }

        @Override
        public Optional<String> read(String name) throws java.io.IOException {
            return files.read(name);
        }

        @Override
        public void write(String name, String content) throws java.io.IOException {
            writes.incrementAndGet();
            files.write(name, content);
        }

        @Override
        public String describe() {
            return files.describe();
        }

        @Override
        public Duration writeInterval() {
            return spacing;
        }
    }

    @Test
    void aStoreThatAsksForSpacingGetsTheFirstPositionAtOnceThenNoMoreOftenAndTheLastOnClose() throws Exception {
        SpacedStore spaced = new SpacedStore(dir, Duration.ofHours(1));
        CheckpointKeeper<Position> keeper = CheckpointKeeper.enabled(spaced, "cp-vc.json", Position::encode,
                Position::decode, Clock.systemUTC(), Duration.ofMillis(10));
        keeper.track(position(1), new Ack(CompletableFuture.completedFuture(null)));
        await().atMost(Duration.ofSeconds(5)).until(() -> spaced.writes.get() == 1);

        keeper.track(position(2), new Ack(CompletableFuture.completedFuture(null)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> spaced.writes.get() == 1);
        assertThat(key()).isEqualTo(1);

        keeper.close();
        assertThat(spaced.writes.get()).isEqualTo(2);
        assertThat(key()).isEqualTo(2);
    }

    @Test
    void whereReadingStartsIsWrittenAtOnceWhenTheStoreHoldsNoPosition() throws Exception {
        try (CheckpointKeeper<Position> keeper = keeper()) {
            assertThat(keeper.load()).isEmpty();
            keeper.startAt(position(7));
            assertThat(key()).isEqualTo(7); // without waiting for an event or the interval
        }
    }

    @Test
    void whereReadingStartsNeverReplacesAStoredOrTrackedPosition() throws Exception {
        try (CheckpointKeeper<Position> keeper = keeper()) {
            keeper.track(position(3), new Ack(CompletableFuture.completedFuture(null)));
            keeper.flush();
        }
        try (CheckpointKeeper<Position> keeper = keeper()) {
            assertThat(keeper.load()).contains(position(3));
            keeper.startAt(position(9));
            assertThat(key()).isEqualTo(3);
        }
        Files.delete(dir.resolve("cp-vc.json"));
        try (CheckpointKeeper<Position> keeper = keeper()) {
            keeper.track(position(4), new Ack());
            keeper.startAt(position(9)); // an event is in flight: its position, not this one, comes next
            assertThat(dir.resolve("cp-vc.json")).doesNotExist();
        }
    }

    @Test
    void theFirstEventAfterTheStartIsNotHeldBackByTheStoresSpacing() throws Exception {
        SpacedStore spaced = new SpacedStore(dir, Duration.ofHours(1));
        try (CheckpointKeeper<Position> keeper = CheckpointKeeper.enabled(spaced, "cp-vc.json", Position::encode,
                Position::decode, Clock.systemUTC(), Duration.ofMillis(10))) {
            keeper.startAt(position(5));
            assertThat(spaced.writes.get()).isEqualTo(1);
            keeper.track(position(6), new Ack(CompletableFuture.completedFuture(null)));
            await().atMost(Duration.ofSeconds(5)).until(() -> spaced.writes.get() == 2);
            assertThat(key()).isEqualTo(6);
        }
    }

    @Test
    void aStoreWithoutSpacingIsWrittenAtTheKeepersInterval() throws Exception {
        SpacedStore plain = new SpacedStore(dir, Duration.ZERO);
        try (CheckpointKeeper<Position> keeper = CheckpointKeeper.enabled(plain, "cp-vc.json", Position::encode,
                Position::decode, Clock.systemUTC(), Duration.ofMillis(10))) {
            keeper.track(position(1), new Ack(CompletableFuture.completedFuture(null)));
            await().atMost(Duration.ofSeconds(5)).until(() -> plain.writes.get() == 1);
        }
    }

    /** A store whose writes fail, each with the next of {@code reasons} (the last one repeats). */
    static final class FailingStore implements CheckpointStore {
        private final java.util.List<String> reasons;
        private int writes;

        FailingStore(String... reasons) {
            this.reasons = java.util.List.of(reasons);
        }

        @Override
        public Optional<String> read(String name) {
            return Optional.empty();
        }

        @Override
        public void write(String name, String content) throws java.io.IOException {
            throw new java.io.IOException(reasons.get(Math.min(writes++, reasons.size() - 1)));
        }

        @Override
        public String describe() {
            return "a failing store";
        }
    }

    @Test
    void aFailingStoreIsLoggedOncePerReason() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(CheckpointKeeper.class);
        logger.addAppender(log);
        try (CheckpointKeeper<Position> keeper = CheckpointKeeper.enabled(new FailingStore("timeout", "timeout",
                "fenced by another replica"), "cp-vc.json", Position::encode, Position::decode, Clock.systemUTC(),
                Duration.ofHours(1))) {
            for (int key = 1; key <= 5; key++) {
                keeper.track(position(key), new Ack(CompletableFuture.completedFuture(null)));
                keeper.flush();
            }
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(first -> assertThat(first).contains("timeout"),
                        second -> assertThat(second).contains("fenced by another replica"));
    }

    @Test
    void disabledKeepsNothing() throws Exception {
        try (CheckpointKeeper<Position> keeper = CheckpointKeeper.disabled()) {
            keeper.track(position(1), new Ack(CompletableFuture.completedFuture(null)));
            assertThat(keeper.outstanding()).isZero();
            assertThat(keeper.load()).isEmpty();
        }
    }

    private int key() throws Exception {
        return Position.decode(Files.readString(dir.resolve("cp-vc.json"))).orElseThrow().key();
    }
}
