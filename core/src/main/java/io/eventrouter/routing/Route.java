package io.eventrouter.routing;

import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.deadletter.DeadLetterWriter;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.spi.EventProcessor;

import java.util.Objects;

/**
 * One processor as the router sees it: what it accepts, how to deliver to it, and where events go when delivery
 * fails for good.
 *
 * @param deadLetter {@code null} when none is configured: such events are logged in full and counted as dropped
 */
public record Route(String name, String type, EventFilter filter, EventProcessor processor, DeliveryPolicy delivery,
                    DeadLetterWriter deadLetter) {

    public Route {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(delivery, "delivery");
    }
}
