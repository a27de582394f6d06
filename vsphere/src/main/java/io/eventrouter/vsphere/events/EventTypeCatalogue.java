package io.eventrouter.vsphere.events;

import io.cloudevents.CloudEvent;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The vCenter event types the router knows: every event class of the bundled vim25 schema (Event and its
 * subclasses), plus {@code EventEx} and {@code ExtendedEvent} type ids seen in events, each with the fields its
 * {@code data} has (govmomi's JSON names). Immutable.
 */
public final class EventTypeCatalogue {

    /** One field of an event's data: its JSON name and what its value is. */
    public record DataField(String name, String type, boolean array, boolean nullable) {
    }

    /**
     * One event type. {@code name} is the class name, or the {@code eventTypeId} of an {@code EventEx} or
     * {@code ExtendedEvent}; {@code base} is the class it derives from (for an id: {@code EventEx} or
     * {@code ExtendedEvent}).
     */
    public record EventType(String name, EventCategory category, String base, List<DataField> fields) {

        /** The CloudEvent {@code type} attribute this event gets in {@code format}. */
        public String cloudEventType(CloudEventFormat format) {
            return format == CloudEventFormat.ROUTER ? CloudEventConverter.ROUTER_TYPE_PREFIX + category.wireName()
                    : "com.vmware.vsphere." + name + ".v0";
        }
    }

    private final Map<String, EventType> types;

    private EventTypeCatalogue(Map<String, EventType> types) {
        this.types = types;
    }

    /** The event classes of the bundled schema. */
    public static EventTypeCatalogue bundled() {
        return of(VimSchema.bundled());
    }

    static EventTypeCatalogue of(VimSchema schema) {
        Map<String, EventType> types = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        schema.types().stream().filter(type -> type.isA("Event")).forEach(type -> types.put(type.name(),
                new EventType(type.name(), EventCategory.of(type.name()), type.base(), fields(type))));
        return new EventTypeCatalogue(types);
    }

    /**
     * This catalogue plus the {@code EventEx}/{@code ExtendedEvent} type ids of {@code events} (CloudEvents the
     * vcenter provider made, in either format); other events are ignored.
     */
    public EventTypeCatalogue withIdsSeenIn(List<CloudEvent> events) {
        Map<String, EventType> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        more.putAll(types);
        for (CloudEvent event : events) {
            idOf(event).ifPresent(id -> more.putIfAbsent(id.name(), id));
        }
        return new EventTypeCatalogue(more);
    }

    /** An {@code EventEx} or {@code ExtendedEvent} id declared by hand, e.g. one no event showed yet. */
    public EventTypeCatalogue withId(String id, EventCategory category) {
        Map<String, EventType> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        more.putAll(types);
        more.putIfAbsent(id, idType(id, category));
        return new EventTypeCatalogue(more);
    }

    /** Every type, sorted by name. */
    public List<EventType> types() {
        return List.copyOf(types.values());
    }

    /** The type of that name (case-insensitive). */
    public Optional<EventType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    private Optional<EventType> idOf(CloudEvent event) {
        String subject = event.getSubject();
        if (subject == null || subject.isEmpty()) {
            return Optional.empty();
        }
        EventCategory category = categoryOf(event);
        return category == null || category == EventCategory.EVENT ? Optional.empty()
                : Optional.of(idType(subject, category));
    }

    /** The category written by either format: the router's type suffix, or vsphere's {@code eventclass}. */
    private static EventCategory categoryOf(CloudEvent event) {
        String wire = null;
        if (event.getType().startsWith(CloudEventConverter.ROUTER_TYPE_PREFIX)) {
            wire = event.getType().substring(CloudEventConverter.ROUTER_TYPE_PREFIX.length());
        } else if (event.getExtension(CloudEventConverter.EVENT_CLASS_EXTENSION) instanceof String eventClass) {
            wire = eventClass;
        }
        if (wire == null) {
            return null;
        }
        String lower = wire.toLowerCase(Locale.ROOT);
        return Stream.of(EventCategory.values()).filter(c -> c.wireName().equals(lower)).findFirst().orElse(null);
    }

    private EventType idType(String id, EventCategory category) {
        String base = category == EventCategory.EXTENDEDEVENT ? "ExtendedEvent" : "EventEx";
        EventType baseType = types.get(base);
        return new EventType(id, category, base, baseType == null ? List.of() : baseType.fields());
    }

    private static List<DataField> fields(TypeInfo type) {
        return type.fields().stream()
                .map(field -> new DataField(field.json(), typeName(field), field.array(), field.nullWhenAbsent()))
                .toList();
    }

    private static String typeName(FieldInfo field) {
        return switch (field.kind()) {
            case STRING -> "string";
            case INT -> "integer";
            case FLOAT -> "number";
            case BOOL -> "boolean";
            case TIME -> "time";
            case BYTES -> "base64";
            case MOREF -> "ManagedObjectReference";
            case ANY -> "any";
            case OBJECT, INTERFACE -> field.typeName();
        };
    }
}
