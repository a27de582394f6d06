package io.eventrouter.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.eventrouter.config.ConfigException;
import software.amazon.event.ruler.Machine;

import java.util.Map;

/**
 * An EventBridge event pattern over the whole event (see {@link EventJson}), matched with AWS's event-ruler, so
 * prefix, suffix, anything-but, numeric, exists, wildcard, equals-ignore-case, cidr and {@code $or} work as on
 * EventBridge. Compiled once; the machine is safe to match from many threads.
 */
final class PatternFilter implements EventFilter {

    private static final String RULE = "pattern";

    private final Machine machine;
    private final boolean usesData;

    private PatternFilter(Machine machine, boolean usesData) {
        this.machine = machine;
        this.usesData = usesData;
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
        return new PatternFilter(machine, usesData(pattern));
    }

    @Override
    public boolean matches(CloudEvent event) {
        try {
            return !machine.rulesForJSONEvent(EventJson.of(event, usesData)).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the pattern looks at {@code data}, at the top level or inside a top-level {@code $or}. */
    private static boolean usesData(JsonNode pattern) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            if (field.getKey().equals("data")) {
                return true;
            }
            if (field.getKey().equals("$or") && field.getValue().isArray()) {
                for (JsonNode alternative : field.getValue()) {
                    if (alternative.isObject() && usesData(alternative)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
