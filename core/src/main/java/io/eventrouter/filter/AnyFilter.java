package io.eventrouter.filter;

import io.cloudevents.CloudEvent;

import java.util.List;

/** Matches when at least one filter matches (Knative's {@code any}). */
record AnyFilter(EventFilter[] filters) implements EventFilter {

    AnyFilter(List<EventFilter> filters) {
        this(filters.toArray(EventFilter[]::new));
    }

    @Override
    public boolean matches(CloudEvent event) {
        for (EventFilter filter : filters) {
            if (filter.matches(event)) {
                return true;
            }
        }
        return false;
    }
}
