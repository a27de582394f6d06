package io.eventrouter.vsphere.events;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One vCenter event, read and converted.
 *
 * @param className   the vim25 class ({@code xsi:type}), e.g. {@code VmPoweredOnEvent} or {@code EventEx}
 * @param name        the class name, or the {@code eventTypeId} for EventEx and ExtendedEvent
 * @param key         the event's key: vCenter numbers events in the order it stores them
 * @param createdTime {@code createdTime} with the offset vCenter sent
 * @param data        the govmomi-style JSON of the event (UTF-8)
 */
public record VimEvent(String className, EventCategory category, String name, int key, OffsetDateTime createdTime,
                       byte[] data) {

    public VimEvent {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdTime, "createdTime");
        Objects.requireNonNull(data, "data");
    }
}
