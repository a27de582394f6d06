package io.eventrouter.horizon;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How far the stream has come: the time of the newest event taken, and the ids of all events taken with exactly that
 * time (several events can share a millisecond, and the next query starts at that millisecond again).
 */
record Position(long time, Set<Long> idsAtTime, long lastId, String lastType) {

    Position {
        idsAtTime = Set.copyOf(idsAtTime);
    }

    /** Whether {@code event} was already taken (or is older than this position). */
    boolean covers(AuditEvent event) {
        return event.time() < time || (event.time() == time && idsAtTime.contains(event.id()));
    }

    /** The position after taking {@code event}, the next one in time order. */
    Position after(AuditEvent event) {
        Set<Long> ids = new LinkedHashSet<>();
        if (event.time() == time) {
            ids.addAll(idsAtTime);
        }
        ids.add(event.id());
        return new Position(event.time(), ids, event.id(), event.type());
    }

    static Position first(AuditEvent event) {
        return new Position(event.time(), Set.of(event.id()), event.id(), event.type());
    }
}
