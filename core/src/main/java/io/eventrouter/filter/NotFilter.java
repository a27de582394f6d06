package io.eventrouter.filter;

import io.cloudevents.CloudEvent;

/** Matches when its filter does not (Knative's {@code not}). */
record NotFilter(EventFilter filter) implements EventFilter {

    @Override
    public boolean matches(CloudEvent event) {
        return !filter.matches(event);
    }
}
