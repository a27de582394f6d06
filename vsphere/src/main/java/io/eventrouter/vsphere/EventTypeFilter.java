package io.eventrouter.vsphere;

import io.eventrouter.vsphere.events.EventTypeCatalogue;
import io.eventrouter.vsphere.events.EventTypeCatalogue.EventType;
import io.eventrouter.vsphere.events.VimEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The vcenter provider's {@code eventTypes} and {@code excludeEventTypes}. The wanted types go into the collector's
 * own {@code EventFilterSpec.eventTypeId}, so that vCenter sends nothing else. vCenter matches an id against an
 * event's own class (or an EventEx's {@code eventTypeId}, an ExtendedEvent's {@code eventTypeId}), not its base
 * classes, so a base class given here is sent as itself and every class the schema derives from it.
 *
 * <p>vCenter has no negative filter. Excluded classes are taken out of the wanted list when there is one; without
 * one, sending every other class would drop the EventEx and ExtendedEvent ids the router cannot list, so the events
 * are read and the router drops the excluded ones itself, which it also does as a safety net in any case.
 */
final class EventTypeFilter {

    static final EventTypeFilter ALL = new EventTypeFilter(List.of(), Set.of());

    private final List<String> collectorTypeIds;
    private final Set<String> excluded;

    private EventTypeFilter(List<String> collectorTypeIds, Set<String> excluded) {
        this.collectorTypeIds = List.copyOf(collectorTypeIds);
        this.excluded = Set.copyOf(excluded);
    }

    static EventTypeFilter of(List<String> eventTypes, List<String> excludeEventTypes) {
        if (eventTypes.isEmpty() && excludeEventTypes.isEmpty()) {
            return ALL;
        }
        EventTypeCatalogue catalogue = EventTypeCatalogue.bundled();
        Set<String> excluded = expand(excludeEventTypes, catalogue);
        Set<String> wanted = expand(eventTypes, catalogue);
        wanted.removeAll(excluded);
        if (!eventTypes.isEmpty() && wanted.isEmpty()) {
            throw new IllegalArgumentException("excludeEventTypes removes every type of eventTypes");
        }
        return new EventTypeFilter(new ArrayList<>(wanted), excluded);
    }

    /**
     * Why {@code name} cannot be an event type, or empty when it can: a vim25 event class of the bundled schema
     * (exactly as written there: vCenter compares case-sensitively), or an EventEx/ExtendedEvent id, which always
     * contains a dot (e.g. {@code com.vmware.vc.HA.DasHostFailedEvent}, {@code esx.problem.scsi.device.io.latency.high}).
     */
    static Optional<String> problem(String name) {
        String written = name.strip();
        if (written.isEmpty()) {
            return Optional.of("an event type must not be empty");
        }
        if (written.contains(".")) {
            return written.chars().anyMatch(Character::isWhitespace)
                    ? Optional.of("\"" + written + "\" is not an event type id (it contains a space)")
                    : Optional.empty();
        }
        Optional<EventType> known = EventTypeCatalogue.bundled().find(written);
        if (known.isEmpty()) {
            return Optional.of("unknown event type \"" + written + "\": not an event class of the vSphere API "
                    + "(list them with `event-router event-types`), nor an EventEx/ExtendedEvent id (those contain "
                    + "a dot)");
        }
        if (!known.get().name().equals(written)) {
            return Optional.of("unknown event type \"" + written + "\"; vCenter compares names exactly: did you mean "
                    + known.get().name() + "?");
        }
        return Optional.empty();
    }

    /** The names to set as {@code EventFilterSpec.eventTypeId}; empty: every event. */
    List<String> collectorTypeIds() {
        return collectorTypeIds;
    }

    /** Whether vCenter leaves events out, so that keys between consecutive events read are not missed events. */
    boolean filtersOnServer() {
        return !collectorTypeIds.isEmpty();
    }

    /** Whether the router drops this event read from vCenter: its class, a base class or its id is excluded. */
    boolean excludes(VimEvent event) {
        if (excluded.isEmpty()) {
            return false;
        }
        return excluded.contains(event.name()) || excluded.contains(event.className());
    }

    /** Each name, and for a class every class deriving from it; names keep their order, derived classes follow. */
    private static Set<String> expand(List<String> names, EventTypeCatalogue catalogue) {
        Set<String> all = new LinkedHashSet<>();
        for (String name : names) {
            all.add(name.strip());
        }
        List<EventType> types = catalogue.types();
        for (String name : List.copyOf(all)) {
            for (EventType type : types) {
                if (derivesFrom(type, name, catalogue)) {
                    all.add(type.name());
                }
            }
        }
        return all;
    }

    private static boolean derivesFrom(EventType type, String ancestor, EventTypeCatalogue catalogue) {
        String base = type.base();
        for (int depth = 0; base != null && depth < 32; depth++) {
            if (base.equals(ancestor)) {
                return true;
            }
            base = catalogue.find(base).map(EventType::base).orElse(null);
        }
        return false;
    }

    @Override
    public String toString() {
        return "EventTypeFilter[eventTypeId=" + collectorTypeIds + ", excluded=" + excluded + "]";
    }
}
