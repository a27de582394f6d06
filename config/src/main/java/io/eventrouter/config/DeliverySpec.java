package io.eventrouter.config;

import io.eventrouter.retry.Backoff;

import java.time.Duration;

/**
 * How the router delivers to one processor, with Knative's names and semantics. Fields left out take the
 * processor's defaults ({@link #withDefaults}).
 */
@Doc("Delivery settings (Knative's delivery spec, plus concurrency and queue limits).")
public record DeliverySpec(
        @Doc("Retries after the first failed attempt before the event is dead-lettered. Connection failures, 429 and "
                + "503 mean the destination is unavailable: those are retried without limit and do not count.")
        Integer retry,
        @Doc("linear (delay × n) or exponential (delay × 2^n).") BackoffPolicy backoffPolicy,
        @Doc("Backoff base delay, ISO-8601 (PT0.2S) or Go-style (200ms).") Duration backoffDelay,
        @Doc("Upper bound of one backoff wait, and of a Retry-After the destination asks for.") Duration backoffMax,
        @Doc("Timeout of one delivery attempt.") Duration timeout,
        @Doc("Where events go when their retries are used up; without one they are logged in full and counted "
                + "as dropped.") DeadLetterSink deadLetterSink,
        @Doc("Deliveries in flight at once. Events that must stay in order (e.g. one vCenter's) still go one at a "
                + "time; others use the parallelism.") Integer concurrency,
        @Doc("Queue limit in events; when full, providers wait (vCenter keeps its history, webhooks answer 429).")
        Integer maxQueuedEvents,
        @Doc("Queue limit in bytes of event data.") Long maxQueuedBytes,
        @Doc("Most events per second to this processor; more wait in the queue, none are dropped. Default: no limit.")
        RateLimit rateLimit) implements Validatable {

    /** A spec without a rate limit. */
    public DeliverySpec(Integer retry, BackoffPolicy backoffPolicy, Duration backoffDelay, Duration backoffMax,
                        Duration timeout, DeadLetterSink deadLetterSink, Integer concurrency, Integer maxQueuedEvents,
                        Long maxQueuedBytes) {
        this(retry, backoffPolicy, backoffDelay, backoffMax, timeout, deadLetterSink, concurrency, maxQueuedEvents,
                maxQueuedBytes, null);
    }

    /** The router's defaults: Knative's broker defaults with a cap on the backoff. */
    public static final DeliverySpec DEFAULT = new DeliverySpec(10, BackoffPolicy.EXPONENTIAL, Duration.ofMillis(200),
            Duration.ofSeconds(30), Duration.ofSeconds(30), null, 16, 10_000, 64L * 1024 * 1024);

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(retry == null || retry >= 0, "retry", "must be 0 or more");
        v.check(concurrency == null || (concurrency >= 1 && concurrency <= 4096), "concurrency", "must be 1 to 4096");
        v.check(maxQueuedEvents == null || maxQueuedEvents >= 1, "maxQueuedEvents", "must be 1 or more");
        v.check(maxQueuedBytes == null || maxQueuedBytes >= 1024, "maxQueuedBytes", "must be at least 1024");
        v.check(timeout == null || !timeout.isZero(), "timeout", "must be more than zero");
    }

    /** This spec with every missing field taken from {@code defaults}. */
    public DeliverySpec withDefaults(DeliverySpec defaults) {
        return new DeliverySpec(
                retry != null ? retry : defaults.retry,
                backoffPolicy != null ? backoffPolicy : defaults.backoffPolicy,
                backoffDelay != null ? backoffDelay : defaults.backoffDelay,
                backoffMax != null ? backoffMax : defaults.backoffMax,
                timeout != null ? timeout : defaults.timeout,
                deadLetterSink != null ? deadLetterSink : defaults.deadLetterSink,
                concurrency != null ? concurrency : defaults.concurrency,
                maxQueuedEvents != null ? maxQueuedEvents : defaults.maxQueuedEvents,
                maxQueuedBytes != null ? maxQueuedBytes : defaults.maxQueuedBytes,
                rateLimit != null ? rateLimit : defaults.rateLimit);
    }

    /** The wait before retry number {@code n} (1-based), capped by {@link #backoffMax}. */
    public Duration backoff(int n) {
        return backoffPolicy == BackoffPolicy.LINEAR ? Backoff.linear(backoffDelay, n, backoffMax)
                : Backoff.exponential(backoffDelay, n, backoffMax);
    }
}
