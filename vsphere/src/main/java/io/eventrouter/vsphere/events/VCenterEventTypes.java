package io.eventrouter.vsphere.events;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.EventTypeCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The vCenter event types of {@link EventTypeCatalogue} offered to the application as an {@link EventTypeCatalog}. */
public final class VCenterEventTypes implements EventTypeCatalog {

    private final EventTypeCatalogue catalogue;

    /** The bundled schema's event classes (the {@link java.util.ServiceLoader} constructor). */
    public VCenterEventTypes() {
        this(EventTypeCatalogue.bundled());
    }

    private VCenterEventTypes(EventTypeCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public String type() {
        return "vcenter";
    }

    @Override
    public List<String> formats() {
        return Stream.of(CloudEventFormat.values()).map(CloudEventFormat::wireName).toList();
    }

    @Override
    public List<String> idCategories() {
        return List.of(EventCategory.EVENTEX.wireName(), EventCategory.EXTENDEDEVENT.wireName());
    }

    @Override
    public List<EventType> types() {
        return catalogue.types().stream().<EventType>map(Described::new).toList();
    }

    @Override
    public Optional<EventType> find(String name) {
        return catalogue.find(name).map(Described::new);
    }

    @Override
    public EventTypeCatalog withIdsSeenIn(List<CloudEvent> events) {
        return new VCenterEventTypes(catalogue.withIdsSeenIn(events));
    }

    @Override
    public EventTypeCatalog withId(String id, String category) {
        EventCategory chosen = Stream.of(EventCategory.EVENTEX, EventCategory.EXTENDEDEVENT)
                .filter(c -> c.wireName().equals(category)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the category of an id must be "
                        + String.join(" or ", idCategories()) + ", not " + category));
        return new VCenterEventTypes(catalogue.withId(id, chosen));
    }

    static CloudEventFormat format(String wireName) {
        return Stream.of(CloudEventFormat.values()).filter(f -> f.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown CloudEvent format " + wireName));
    }

    private record Described(EventTypeCatalogue.EventType type) implements EventType {

        @Override
        public String name() {
            return type.name();
        }

        @Override
        public String category() {
            return type.category().wireName();
        }

        @Override
        public String base() {
            return type.base();
        }

        @Override
        public List<DataField> fields() {
            return type.fields().stream()
                    .map(field -> new DataField(field.name(), field.type(), field.array(), field.nullable())).toList();
        }

        @Override
        public String description() {
            return switch (type.category()) {
                case EVENT -> "vCenter event " + type.name() + (type.base() == null ? "" : " (a " + type.base() + ")");
                case EVENTEX -> "vCenter EventEx " + type.name();
                case EXTENDEDEVENT -> "vCenter ExtendedEvent " + type.name();
            };
        }

        @Override
        public String cloudEventType(String format) {
            return type.cloudEventType(format(format));
        }

        /** What {@link CloudEventConverter} adds: the category in the vsphere format, the API version always. */
        @Override
        public List<Extension> extensions(String format) {
            List<Extension> extensions = new ArrayList<>();
            if (format(format) == CloudEventFormat.VSPHERE) {
                extensions.add(new Extension(CloudEventConverter.EVENT_CLASS_EXTENSION, category(), true));
            }
            extensions.add(new Extension(CloudEventConverter.API_VERSION_EXTENSION, null, false));
            return extensions;
        }
    }
}
