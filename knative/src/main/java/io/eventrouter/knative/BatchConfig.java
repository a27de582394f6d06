package io.eventrouter.knative;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.time.Duration;

@Doc("Send events in CloudEvents batched mode (application/cloudevents-batch+json, a JSON array of structured "
        + "events), for destinations that accept it (Knative brokers do not). A batch holds consecutive events of one "
        + "ordering lane (one vCenter, one webhook request) and succeeds or fails as a whole: a failed batch is retried "
        + "whole, and once its retries are used up every event in it goes to the dead-letter sink.")
public record BatchConfig(
        @Default("100") @Doc("Most events in one request.") Integer maxEvents,
        @Default("PT0S") @Doc("How long a batch that is not full may wait for more events of its lane before it is "
                + "sent; 0 sends what is queued at once.") Duration maxDelay)
        implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(maxEvents == null || (maxEvents >= 1 && maxEvents <= 10_000), "maxEvents", "must be 1 to 10000");
        v.check(maxDelay == null || (!maxDelay.isNegative() && maxDelay.compareTo(Duration.ofSeconds(10)) <= 0),
                "maxDelay", "must be 0 to 10s");
    }

    public int maxEventsOrDefault() {
        return maxEvents == null ? 100 : maxEvents;
    }

    public Duration maxDelayOrDefault() {
        return maxDelay == null ? Duration.ZERO : maxDelay;
    }
}
