package io.eventrouter.filter;

import io.cloudevents.CloudEvent;

import java.util.List;

/** Matches when every filter matches (Knative's {@code all}, and the AND of a processor's {@code filters}). */
record AllFilter(EventFilter[] filters) implements EventFilter {

    AllFilter(List<EventFilter> filters) {
        this(filters.toArray(EventFilter[]::new));
    }

    @Override
    public boolean matches(CloudEvent event) {
        for (EventFilter filter : filters) {
            if (!filter.matches(event)) {
                return false;
            }
        }
        return true;
    }
}
