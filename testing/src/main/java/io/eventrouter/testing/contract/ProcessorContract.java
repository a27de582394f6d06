package io.eventrouter.testing.contract;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.testing.VcenterEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every processor promises whatever its destination. A processor module's contract test extends this class
 * (or {@link HttpProcessorContract}) and says how to make its processor.
 */
public abstract class ProcessorContract {

    /** Put wherever the configuration can hold a secret; it must never show up in what the router prints. */
    protected static final String SECRET = "Contract-S3cret-7f1e";

    protected static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Most events one close-without-loss attempt carries (fewer when the processor takes fewer at once). */
    private static final int CLOSING_BATCH = 3;

    /**
     * A destination of the type under test (a real one, or a stand-in that speaks its documented protocol) that
     * holds an attempt's answer back until the test releases it, and then refuses what it held: what was under way
     * when the processor closed never reaches the destination, so a processor may report it only as not delivered.
     */
    public interface HeldDestination extends AutoCloseable {

        /** A processor of the type under test that delivers to this destination. */
        EventProcessor processor() throws Exception;

        /**
         * Whether an attempt reached the destination within {@code timeout} and waits there for its answer (or, for
         * a destination the processor hands events to through its own client buffer, reached that buffer).
         */
        boolean awaitArrival(Duration timeout) throws InterruptedException;

        /** Lets the held answers, and every later one, go: as refusals (the destination takes none of them). */
        void release();

        /**
         * The ids of the events the destination has taken for good, once it has at least {@code atLeast} of them
         * (or a bounded wait has passed).
         */
        Set<String> taken(int atLeast) throws Exception;
    }

    /**
     * A processor whose configuration carries {@code secret} in every place that can hold one: passwords, keys,
     * the user info of a destination URL.
     */
    protected abstract EventProcessor processorWithSecret(String secret) throws Exception;

    /** A destination that holds its answers, for the close-without-loss cases. */
    protected abstract HeldDestination heldDestination() throws Exception;

    /**
     * The most events one call to the destination may carry, by the destination's documentation (EventBridge
     * PutEvents: 10 entries); 1 for a type that sends one event per call.
     */
    protected int documentedBatchLimit() {
        return 1;
    }

    @Test
    void aBatchIsNeverLargerThanTheDestinationTakesInOneCall() throws Exception {
        try (EventProcessor processor = processorWithSecret(SECRET)) {
            assertThat(processor.maxBatchSize()).isBetween(1, documentedBatchLimit());
        }
    }

    @Test
    void describeNeverShowsASecret() throws Exception {
        try (EventProcessor processor = processorWithSecret(SECRET)) {
            assertThat(processor.describe()).isNotBlank().doesNotContain(SECRET);
            assertThat(String.valueOf(processor)).doesNotContain(SECRET);
        }
    }

    /**
     * Close without loss: events under way when the processor is closed each end with a result the router can act
     * on, never an exception or a call that hangs; an event is reported delivered only if the destination has it,
     * otherwise it is reported not delivered (the router retries or dead-letters it, or leaves it un-acknowledged for
     * the provider to replay), never dropped in silence. The destination refuses what it held, so a processor that
     * counts work cut short by its close as done fails here.
     */
    @Test
    void eventsUnderWayWhenTheProcessorClosesAreDeliveredOrReportedNotDelivered() throws Exception {
        try (HeldDestination destination = heldDestination()) {
            EventProcessor processor = destination.processor();
            List<CloudEvent> events = events(Math.min(processor.maxBatchSize(), CLOSING_BATCH));
            FutureTask<List<DeliveryResult>> attempt = new FutureTask<>(() -> processor.deliverAll(events, TIMEOUT));
            Thread attempting = Thread.ofVirtual().start(attempt);
            assertThat(destination.awaitArrival(TIMEOUT)).as("the attempt reached the destination").isTrue();
            // the whole attempt is handed over: it waits for the destination's answer (or did not wait at all)
            await().atMost(TIMEOUT).until(() -> attempt.isDone() || waiting(attempting));

            Thread closing = Thread.ofVirtual().start(processor::close);
            // close acts first: it returns, or waits (for the attempt, or for the destination to answer)
            await().atMost(TIMEOUT).until(() -> !closing.isAlive() || waiting(closing));
            destination.release();
            List<DeliveryResult> results = attempt.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(closing.join(TIMEOUT)).as("close returned").isTrue();

            assertDeliveredOnlyWhatTheDestinationHas(destination, events, results);
        }
    }

    /** Close without loss, after the fact: an event handed to a closed processor is reported, not thrown or lost. */
    @Test
    void eventsHandedToAClosedProcessorAreReportedNotThrownOrLost() throws Exception {
        try (HeldDestination destination = heldDestination()) {
            destination.release();
            EventProcessor processor = destination.processor();
            List<CloudEvent> events = events(Math.min(processor.maxBatchSize(), CLOSING_BATCH));
            processor.close();

            FutureTask<List<DeliveryResult>> attempt = new FutureTask<>(() -> processor.deliverAll(events, TIMEOUT));
            Thread.ofVirtual().start(attempt);
            List<DeliveryResult> results = attempt.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertDeliveredOnlyWhatTheDestinationHas(destination, events, results);
        }
    }

    private static void assertDeliveredOnlyWhatTheDestinationHas(HeldDestination destination, List<CloudEvent> events,
                                                                 List<DeliveryResult> results) throws Exception {
        assertThat(results).as("one result per event, in order").hasSize(events.size()).doesNotContainNull();
        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (results.get(i).isDelivered()) {
                delivered.add(events.get(i).getId());
            }
        }
        assertThat(destination.taken(delivered.size())).as("every event reported delivered is at the destination; "
                + "results: %s", results).containsAll(delivered);
    }

    private static boolean waiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static List<CloudEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> VcenterEvents.vmEvent("VmPoweredOnEvent", "contract-vm-" + i, i))
                .toList();
    }
}
