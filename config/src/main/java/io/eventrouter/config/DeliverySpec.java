package io.eventrouter.config;

import java.time.Duration;

/**
 * The {@code delivery} section as a file writes it: Knative's names and semantics, every field optional. What it
 * leaves out comes from the processor type's declared defaults; {@link #over} makes the complete
 * {@link DeliveryPolicy}.
 */
@Doc("Delivery settings (Knative's delivery spec, plus concurrency and queue limits). A field left out takes the "
        + "processor type's default (see Delivery defaults).")
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
        RateLimit rateLimit,
        @Doc("Which failures are retried: knative (Knative's data-plane rules: 404, 408, 409, 5xx and timeouts use up "
                + "retry; connection failures, 429 and 503 wait without limit) or original (what the original router "
                + "did for this type: knative 404, 413, 425, 429, 502, 503, 504; openfaas 429 and 5xx but 501; other "
                + "statuses are not retried). original is the default of knative and openfaas in v1alpha1 and JSON "
                + "files; other types have only knative.") RetryRules retryRules) implements Validatable {

    /** A section that overrides nothing. */
    public static final DeliverySpec NONE = new DeliverySpec(null, null, null, null, null, null, null, null, null,
            null, null);

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(retry == null || retry >= 0, "retry", "must be 0 or more");
        v.check(concurrency == null || (concurrency >= 1 && concurrency <= 4096), "concurrency", "must be 1 to 4096");
        v.check(maxQueuedEvents == null || maxQueuedEvents >= 1, "maxQueuedEvents", "must be 1 or more");
        v.check(maxQueuedBytes == null || maxQueuedBytes >= 1024, "maxQueuedBytes", "must be at least 1024");
        v.check(timeout == null || !timeout.isZero(), "timeout", "must be more than zero");
    }

    /** The complete policy: {@code defaults} with every field this section gives put over it. */
    public DeliveryPolicy over(DeliveryPolicy defaults) {
        DeliveryPolicy.Builder policy = defaults.toBuilder();
        if (retry != null) {
            policy.retry(retry);
        }
        if (backoffPolicy != null) {
            policy.backoffPolicy(backoffPolicy);
        }
        if (backoffDelay != null) {
            policy.backoffDelay(backoffDelay);
        }
        if (backoffMax != null) {
            policy.backoffMax(backoffMax);
        }
        if (timeout != null) {
            policy.timeout(timeout);
        }
        if (deadLetterSink != null) {
            policy.deadLetterSink(deadLetterSink);
        }
        if (concurrency != null) {
            policy.concurrency(concurrency);
        }
        if (maxQueuedEvents != null) {
            policy.maxQueuedEvents(maxQueuedEvents);
        }
        if (maxQueuedBytes != null) {
            policy.maxQueuedBytes(maxQueuedBytes);
        }
        if (rateLimit != null) {
            policy.rateLimit(rateLimit);
        }
        if (retryRules != null) {
            policy.retryRules(retryRules);
        }
        return policy.build();
    }
}
