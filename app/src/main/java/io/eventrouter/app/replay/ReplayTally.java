package io.eventrouter.app.replay;

import io.eventrouter.routing.RouterObserver;
import io.eventrouter.routing.TrackedEvent;
import io.eventrouter.spi.DeliveryResult;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what each processor did with the replayed events, for the summary a replay ends with. */
public final class ReplayTally implements RouterObserver {

    /** One processor's outcomes so far. */
    public record Counts(long delivered, long deadLettered, long dropped, long filteredOut) {

        @Override
        public String toString() {
            return delivered + " delivered, " + deadLettered + " dead-lettered, " + dropped + " dropped, "
                    + filteredOut + " filtered out";
        }
    }

    private enum Outcome { DELIVERED, DEAD_LETTERED, DROPPED, FILTERED_OUT }

    private final Map<String, Map<Outcome, LongAdder>> byProcessor = new ConcurrentHashMap<>();

    private void count(String processor, Outcome outcome) {
        byProcessor.computeIfAbsent(processor, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, ignored -> new LongAdder()).increment();
    }

    @Override
    public void filteredOut(String processor, TrackedEvent event) {
        count(processor, Outcome.FILTERED_OUT);
    }

    @Override
    public void delivered(String processor, TrackedEvent event, DeliveryResult result, int attempts) {
        count(processor, Outcome.DELIVERED);
    }

    @Override
    public void deadLettered(String processor, TrackedEvent event, DeliveryResult lastResult, String sink) {
        count(processor, Outcome.DEAD_LETTERED);
    }

    @Override
    public void dropped(String processor, TrackedEvent event, DeliveryResult lastResult) {
        count(processor, Outcome.DROPPED);
    }

    public Counts counts(String processor) {
        Map<Outcome, LongAdder> counts = byProcessor.getOrDefault(processor, Map.of());
        return new Counts(sum(counts, Outcome.DELIVERED), sum(counts, Outcome.DEAD_LETTERED),
                sum(counts, Outcome.DROPPED), sum(counts, Outcome.FILTERED_OUT));
    }

    private static long sum(Map<Outcome, LongAdder> counts, Outcome outcome) {
        LongAdder adder = counts.get(outcome);
        return adder == null ? 0 : adder.sum();
    }
}
