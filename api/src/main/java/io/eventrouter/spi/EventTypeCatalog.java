package io.eventrouter.spi;

import io.cloudevents.CloudEvent;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The event types a provider type emits, described for users ({@code event-router event-types} and the Knative
 * manifests it prints), and the CloudEvent formats the provider offers ({@code quickstart --format}). Found with
 * {@link ServiceLoader} (the vsphere module has vCenter's), so that the application needs no connector's classes.
 * Immutable: the {@code with} methods return a larger catalogue.
 */
public interface EventTypeCatalog {

    /** The provider {@code type} whose events are described, e.g. {@code vcenter}. */
    String type();

    /** The wire names of the provider's CloudEvent formats, its default first. */
    List<String> formats();

    /** The categories an id can be declared in by hand ({@link #withId}), the usual one first. */
    List<String> idCategories();

    /** Every type, sorted by name. */
    List<EventType> types();

    /** The type of that name (case-insensitive). */
    Optional<EventType> find(String name);

    /** This catalogue plus the types named by {@code events} (CloudEvents the provider made) that it lacked. */
    EventTypeCatalog withIdsSeenIn(List<CloudEvent> events);

    /**
     * This catalogue plus a type declared by hand, e.g. one no event showed yet.
     *
     * @throws IllegalArgumentException when {@code category} is not one of {@link #idCategories()}
     */
    EventTypeCatalog withId(String id, String category);

    /** One event type, with the fields of its {@code data}. */
    interface EventType {

        /** The type's name: also the CloudEvent {@code subject} of its events. */
        String name();

        /** Its category's wire name, e.g. {@code event}. */
        String category();

        /** The type it derives from, {@code null} for none. */
        String base();

        List<DataField> fields();

        /** One line for users saying what the type is, e.g. {@code vCenter event VmPoweredOnEvent (a VmEvent)}. */
        String description();

        /** The CloudEvent {@code type} attribute its events get in {@code format} (one of {@link #formats()}). */
        String cloudEventType(String format);

        /** The extension attributes its events carry in {@code format}, beyond the CloudEvents core ones. */
        List<Extension> extensions(String format);
    }

    /** One field of an event's data: its JSON name and what its value is. */
    record DataField(String name, String type, boolean array, boolean nullable) {
    }

    /** An extension attribute: its value when fixed for the type ({@code null}: varies), and whether every event has it. */
    record Extension(String name, String value, boolean required) {
    }

    /** The catalogue of provider {@code type} on the class path, if any. */
    static Optional<EventTypeCatalog> of(String type) {
        return ServiceLoader.load(EventTypeCatalog.class).stream().map(ServiceLoader.Provider::get)
                .filter(catalog -> catalog.type().equals(type)).findFirst();
    }
}
