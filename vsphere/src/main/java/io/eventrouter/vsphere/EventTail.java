package io.eventrouter.vsphere;

import io.eventrouter.vsphere.events.GoTime;
import io.eventrouter.vsphere.vim25.ManagedObjectReference;
import io.eventrouter.vsphere.vim25.PropertyUpdates;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.eventrouter.vsphere.vim25.VimException;
import io.eventrouter.vsphere.vim25.VimFaultException;
import io.eventrouter.vsphere.vim25.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An event history collector over the whole inventory (of the configured event types) plus a property filter on its
 * {@code latestPage}: the collector's cursor gives every event once and in order (ReadNextEvents), the filter wakes a
 * waiting WaitForUpdatesEx as soon as vCenter writes a new event, so nothing has to poll on a timer. The filter sits
 * on a PropertyCollector of the tail's own, so another client long-polling the same vCenter cannot take its wake-ups.
 */
final class EventTail {

    private static final Logger LOG = LoggerFactory.getLogger(EventTail.class);

    private final VimClient client;
    private final ManagedObjectReference propertyCollector;
    /** Whether {@link #propertyCollector} was made for this tail (and is destroyed with it). */
    private final boolean ownsPropertyCollector;
    private final ManagedObjectReference collector;
    private String version;
    /** The newest event latestPage showed so far; null until it showed one. */
    private volatile EventMark newest;

    /** An event's key and creation time. */
    record EventMark(int key, Instant createdTime) {
    }

    private EventTail(VimClient client, ManagedObjectReference propertyCollector, boolean ownsPropertyCollector,
                      ManagedObjectReference collector, String version) {
        this.client = client;
        this.propertyCollector = propertyCollector;
        this.ownsPropertyCollector = ownsPropertyCollector;
        this.collector = collector;
        this.version = version;
    }

    /**
     * Creates the collector for events from {@code begin} on, and the filter that signals new ones. If this fails
     * halfway, the caller's logout removes what was created: collectors and filters belong to the session.
     */
    static EventTail open(VCenterSession session, Instant begin) throws VimException, InterruptedException {
        VimClient client = session.client();
        ServiceContent content = session.content();
        ManagedObjectReference collector = client.createCollectorForEvents(content.eventManager(),
                content.rootFolder(), begin, null, session.eventTypeIds());
        try {
            // latestPage is only a signal here: keep the update that carries it small
            client.setCollectorPageSize(collector, 1);
        } catch (VimFaultException e) {
            LOG.debug("SetCollectorPageSize refused ({}); latestPage keeps its default size", e.getMessage());
        }
        Optional<ManagedObjectReference> own = ownPropertyCollector(client, content);
        ManagedObjectReference propertyCollector = own.orElse(content.propertyCollector());
        client.createFilter(propertyCollector, collector, "latestPage");
        Optional<PropertyUpdates> initial = client.waitForUpdates(propertyCollector, "", 0);
        EventTail tail = new EventTail(client, propertyCollector, own.isPresent(), collector,
                initial.map(PropertyUpdates::version).orElse(""));
        initial.ifPresent(tail::noteNewest);
        return tail;
    }

    /** One of the session's own; empty when vCenter refuses to make one (the service content's then serves). */
    private static Optional<ManagedObjectReference> ownPropertyCollector(VimClient client, ServiceContent content)
            throws VimException, InterruptedException {
        try {
            return Optional.of(client.createPropertyCollector(content.propertyCollector()));
        } catch (VimFaultException e) {
            LOG.debug("CreatePropertyCollector refused ({}); waiting on the shared PropertyCollector", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A collector for the events created from {@code begin} to {@code end} (both included), without the signal: a
     * closed window of the history is drained once and then the collector stays empty.
     */
    static EventTail window(VCenterSession session, Instant begin, Instant end)
            throws VimException, InterruptedException {
        ServiceContent content = session.content();
        ManagedObjectReference collector = session.client().createCollectorForEvents(content.eventManager(),
                content.rootFolder(), begin, end, session.eventTypeIds());
        return new EventTail(session.client(), content.propertyCollector(), false, collector, null);
    }

    /** What the tail made in its session, for the session to destroy before it logs out. */
    List<ManagedObjectReference> madeObjects() {
        return ownsPropertyCollector ? List.of(collector, propertyCollector) : List.of(collector);
    }

    /** Up to {@code max} events after the cursor, oldest first; empty when the collector is drained. */
    List<XmlElement> readNext(int max) throws VimException, InterruptedException {
        return client.readNextEvents(collector, max);
    }

    /**
     * Blocks until vCenter writes a new event or {@code maxWaitSeconds} pass. Either way the caller drains the
     * collector next, so a missed signal costs at most one wait, never an event.
     */
    void awaitNewEvents(int maxWaitSeconds) throws VimException, InterruptedException {
        client.waitForUpdates(propertyCollector, version, maxWaitSeconds).ifPresent(updates -> {
            version = updates.version();
            noteNewest(updates);
        });
    }

    /** The newest event vCenter has shown in latestPage (it may not be readable yet, or ever); empty before any. */
    Optional<EventMark> newest() {
        return Optional.ofNullable(newest);
    }

    /** The key and time of an event element; empty when it has no usable ones. */
    static Optional<EventMark> markOf(XmlElement event) {
        try {
            return Optional.of(new EventMark(Integer.parseInt(event.childText("key").strip()),
                    GoTime.parse(event.childText("createdTime")).toInstant()));
        } catch (RuntimeException e) {
            LOG.debug("an event without a usable key or time: {}", e.toString());
            return Optional.empty();
        }
    }

    /** latestPage is vCenter's newest events now: its highest key replaces what it showed before. */
    private void noteNewest(PropertyUpdates updates) {
        for (XmlElement page : updates.values()) {
            EventMark highest = null;
            for (XmlElement event : page.children()) {
                Optional<EventMark> mark = markOf(event);
                if (mark.isPresent() && (highest == null || mark.get().key() > highest.key())) {
                    highest = mark.get();
                }
            }
            if (highest != null) {
                newest = highest;
            }
        }
    }
}
