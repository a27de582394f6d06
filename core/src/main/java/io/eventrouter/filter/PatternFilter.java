package io.eventrouter.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;

/**
 * The {@code pattern} dialect: an {@link EventPattern} over the whole event (see {@link EventJson}). Only the fields
 * the pattern names are put into the event's JSON view ({@link FieldTree}); event-ruler would ignore the others.
 */
final class PatternFilter implements EventFilter {

    private final EventPattern pattern;
    private final FieldTree fields;

    private PatternFilter(EventPattern pattern, FieldTree fields) {
        this.pattern = pattern;
        this.fields = fields;
    }

    /** @throws IllegalArgumentException naming the problem when the pattern is not an object or does not compile */
    static PatternFilter compile(JsonNode pattern) {
        if (pattern == null || !pattern.isObject() || pattern.isEmpty()) {
            throw new IllegalArgumentException("an event pattern is a non-empty JSON object, e.g. "
                    + "{\"data\": {\"Vm\": {\"Name\": [{\"prefix\": \"prod-\"}]}}}");
        }
        return new PatternFilter(EventPattern.compile(pattern.toString()), FieldTree.of(pattern));
    }

    @Override
    public boolean matches(CloudEvent event) {
        try {
            return pattern.matches(EventJson.of(event, fields));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
