package io.eventrouter.source;

import java.time.Instant;

/**
 * Where an event sits in its source's stream, as far as stall accounting needs it: a number that grows with every
 * event (vCenter's event key, Horizon's audit event id) and the event's creation time on the source's clock.
 */
public record Mark(long sequence, Instant time) {
}
