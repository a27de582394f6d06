package io.eventrouter.checkpoint;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tracks positions of events published in order and acknowledged in any order, and tells the newest position that
 * is safe to checkpoint: the last one of the acknowledged prefix. A position is never passed while an earlier event
 * is still outstanding, so a restart from the checkpoint cannot skip an event that was not delivered.
 *
 * @param <P> the provider's position type (e.g. a vCenter event key and time)
 */
public final class AckWindow<P> {

    private static final class Slot<P> {
        final P position;
        boolean acknowledged;

        Slot(P position) {
            this.position = position;
        }
    }

    private final ArrayDeque<Slot<P>> outstanding = new ArrayDeque<>();
    private final Map<Long, Slot<P>> bySequence = new HashMap<>();
    private long nextSequence;
    private P committed;

    /** Registers the next published position; returns the ticket to acknowledge it with. */
    public synchronized long append(P position) {
        Slot<P> slot = new Slot<>(position);
        outstanding.addLast(slot);
        long sequence = nextSequence++;
        bySequence.put(sequence, slot);
        return sequence;
    }

    public synchronized void acknowledge(long sequence) {
        Slot<P> slot = bySequence.remove(sequence);
        if (slot == null) {
            return;
        }
        slot.acknowledged = true;
        while (!outstanding.isEmpty() && outstanding.peekFirst().acknowledged) {
            committed = outstanding.removeFirst().position;
        }
    }

    /** The newest position whose events, and all before it, are acknowledged. */
    public synchronized Optional<P> safePosition() {
        return Optional.ofNullable(committed);
    }

    public synchronized int outstanding() {
        return outstanding.size();
    }
}
