package io.eventrouter.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Compiles a processor's filter configuration into one {@link EventFilter}, once, at load time. The {@code filters}
 * list is an AND; when it is given, the legacy {@code filter.attributes} is ignored, as Knative does. No filters at
 * all accepts every event.
 */
public final class Filters {

    private Filters() {
    }

    /**
     * @param filters the {@code filters} list (validated specs)
     * @param legacy  the legacy {@code filter}, or {@code null}
     */
    public static EventFilter compile(List<FilterSpec> filters, LegacyFilterSpec legacy) {
        if (!filters.isEmpty()) {
            return allOf(filters.stream().map(Filters::compile).toList());
        }
        if (legacy != null && !legacy.attributes().isEmpty()) {
            return attributes(legacy.attributes(), AttributeFilter.Comparison.EXACT_OR_ANY);
        }
        return EventFilter.ALL;
    }

    /** One filter; the spec must have passed validation (exactly one dialect, valid expressions). */
    public static EventFilter compile(FilterSpec spec) {
        if (given(spec.exact())) {
            return attributes(spec.exact(), AttributeFilter.Comparison.EXACT);
        }
        if (given(spec.prefix())) {
            return attributes(spec.prefix(), AttributeFilter.Comparison.PREFIX);
        }
        if (given(spec.suffix())) {
            return attributes(spec.suffix(), AttributeFilter.Comparison.SUFFIX);
        }
        if (given(spec.all())) {
            return allOf(spec.all().stream().map(Filters::compile).toList());
        }
        if (given(spec.any())) {
            return new AnyFilter(spec.any().stream().map(Filters::compile).toList());
        }
        if (spec.not() != null) {
            return new NotFilter(compile(spec.not()));
        }
        if (spec.cesql() != null || spec.sql() != null) {
            return CesqlFilter.compile(spec.cesql() != null ? spec.cesql() : spec.sql());
        }
        if (spec.pattern() != null) {
            return PatternFilter.compile(spec.patternObject());
        }
        throw new IllegalArgumentException("a filter needs one dialect");
    }

    /** The binder gives absent maps and lists as empty ones; validation refused empty ones that were written. */
    private static boolean given(Collection<?> value) {
        return value != null && !value.isEmpty();
    }

    private static boolean given(Map<?, ?> value) {
        return value != null && !value.isEmpty();
    }

    private static EventFilter attributes(Map<String, String> attributes, AttributeFilter.Comparison comparison) {
        List<EventFilter> filters = new ArrayList<>(attributes.size());
        attributes.forEach((name, value) -> filters.add(AttributeFilter.of(name, comparison, value)));
        return allOf(filters);
    }

    /** A single filter stays itself, so the common case of one exact filter costs no loop. */
    private static EventFilter allOf(List<EventFilter> filters) {
        return filters.size() == 1 ? filters.getFirst() : new AllFilter(filters);
    }
}
