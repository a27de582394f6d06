package io.eventrouter.vsphere.events;

/**
 * The original router's event categories: {@code EventEx} and {@code ExtendedEvent} are named by their
 * {@code eventTypeId}, every other class by its class name.
 */
public enum EventCategory {
    EVENT("event"),
    EVENTEX("eventex"),
    EXTENDEDEVENT("extendedevent");

    private final String wireName;

    EventCategory(String wireName) {
        this.wireName = wireName;
    }

    /** {@code event}, {@code eventex} or {@code extendedevent}. */
    public String wireName() {
        return wireName;
    }

    /** Matches exact classes only, as the original's Go type switch did (a subclass of EventEx is an event). */
    static EventCategory of(String className) {
        return switch (className) {
            case "EventEx" -> EVENTEX;
            case "ExtendedEvent" -> EXTENDEDEVENT;
            default -> EVENT;
        };
    }
}
