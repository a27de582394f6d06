package io.eventrouter.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.eventrouter.config.ConfigException;
import software.amazon.event.ruler.Machine;

/**
 * An EventBridge event pattern over the whole event (see {@link EventJson}), matched with AWS's event-ruler, so
 * prefix, suffix, anything-but, numeric, exists, wildcard, equals-ignore-case, cidr and {@code $or} work as on
 * EventBridge. Compiled once; the machine is safe to match from many threads. Only the fields the pattern names
 * are put into the event's JSON view ({@link FieldTree}), which event-ruler would ignore anyway.
 */
final class PatternFilter implements EventFilter {

    private static final String RULE = "pattern";

    private final Machine machine;
    private final FieldTree fields;

    private PatternFilter(Machine machine, FieldTree fields) {
        this.machine = machine;
        this.fields = fields;
    }

    /** @throws IllegalArgumentException naming the problem when event-ruler refuses the pattern */
    static PatternFilter compile(JsonNode pattern) {
        if (pattern == null || !pattern.isObject() || pattern.isEmpty()) {
            throw new IllegalArgumentException("an event pattern is a non-empty JSON object, e.g. "
                    + "{\"data\": {\"Vm\": {\"Name\": [{\"prefix\": \"prod-\"}]}}}");
        }
        Machine machine = Machine.builder().build();
        try {
            machine.addRule(RULE, pattern.toString());
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid event pattern: "
                    + ConfigException.firstLine(e.getMessage(), e.getClass().getSimpleName()));
        }
        return new PatternFilter(machine, FieldTree.of(pattern));
    }

    @Override
    public boolean matches(CloudEvent event) {
        try {
            return !machine.rulesForJSONEvent(EventJson.of(event, fields)).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
