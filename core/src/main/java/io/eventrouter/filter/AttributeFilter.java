package io.eventrouter.filter;

import io.cloudevents.CloudEvent;

/**
 * Knative's {@code exact}, {@code prefix} and {@code suffix} dialects for one attribute: case-sensitive, on the
 * attribute's string form; an event without the attribute does not match.
 */
record AttributeFilter(String name, Comparison comparison, String value, AttributeReader reader) implements EventFilter {

    enum Comparison {
        EXACT, PREFIX, SUFFIX,
        /** The legacy {@code filter.attributes} form: like exact, but an empty value accepts any value. */
        EXACT_OR_ANY
    }

    static AttributeFilter of(String name, Comparison comparison, String value) {
        return new AttributeFilter(name, comparison, value, AttributeReader.of(name));
    }

    @Override
    public boolean matches(CloudEvent event) {
        String actual = reader.read(event);
        if (actual == null) {
            return false;
        }
        return switch (comparison) {
            case EXACT -> actual.equals(value);
            case PREFIX -> actual.startsWith(value);
            case SUFFIX -> actual.endsWith(value);
            case EXACT_OR_ANY -> value.isEmpty() || actual.equals(value);
        };
    }
}
