package io.eventrouter.filter;

import io.cloudevents.CloudEvent;

/** Decides whether a processor receives an event. Must be cheap and thread-safe: it runs for every event. */
@FunctionalInterface
public interface EventFilter {

    EventFilter ALL = event -> true;

    boolean matches(CloudEvent event);
}
