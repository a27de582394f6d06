package io.eventrouter.config;

import io.eventrouter.retry.Backoff;

import java.time.Duration;
import java.util.Objects;

/**
 * The complete delivery policy a dispatcher uses for one processor: a processor type's declared defaults with what
 * the file overrides ({@link DeliverySpec#over}). Immutable; made with {@link #builder()}.
 */
public final class DeliveryPolicy {

    private static final DeliveryPolicy ROUTER_DEFAULTS = new Builder().build();

    private final int retry;
    private final BackoffPolicy backoffPolicy;
    private final Duration backoffDelay;
    private final Duration backoffMax;
    private final Duration timeout;
    private final DeadLetterSink deadLetterSink;
    private final int concurrency;
    private final int maxQueuedEvents;
    private final long maxQueuedBytes;
    private final RateLimit rateLimit;
    private final RetryRules retryRules;

    private DeliveryPolicy(Builder b) {
        this.retry = b.retry;
        this.backoffPolicy = Objects.requireNonNull(b.backoffPolicy, "backoffPolicy");
        this.backoffDelay = Objects.requireNonNull(b.backoffDelay, "backoffDelay");
        this.backoffMax = Objects.requireNonNull(b.backoffMax, "backoffMax");
        this.timeout = Objects.requireNonNull(b.timeout, "timeout");
        this.deadLetterSink = b.deadLetterSink;
        this.concurrency = b.concurrency;
        this.maxQueuedEvents = b.maxQueuedEvents;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.rateLimit = b.rateLimit;
        this.retryRules = Objects.requireNonNull(b.retryRules, "retryRules");
    }

    /** The router's defaults, which a processor type's declared defaults start from: Knative's, with a backoff cap. */
    public static DeliveryPolicy defaults() {
        return ROUTER_DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        return new Builder()
                .retry(retry).backoffPolicy(backoffPolicy).backoffDelay(backoffDelay).backoffMax(backoffMax)
                .timeout(timeout).deadLetterSink(deadLetterSink).concurrency(concurrency)
                .maxQueuedEvents(maxQueuedEvents).maxQueuedBytes(maxQueuedBytes).rateLimit(rateLimit)
                .retryRules(retryRules);
    }

    /** Retries after the first failed attempt before the event is dead-lettered. */
    public int retry() {
        return retry;
    }

    public BackoffPolicy backoffPolicy() {
        return backoffPolicy;
    }

    public Duration backoffDelay() {
        return backoffDelay;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    public Duration timeout() {
        return timeout;
    }

    /** {@code null} when events that used up their retries are logged and dropped. */
    public DeadLetterSink deadLetterSink() {
        return deadLetterSink;
    }

    public int concurrency() {
        return concurrency;
    }

    public int maxQueuedEvents() {
        return maxQueuedEvents;
    }

    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** {@code null} when deliveries are not rate limited. */
    public RateLimit rateLimit() {
        return rateLimit;
    }

    public RetryRules retryRules() {
        return retryRules;
    }

    /** The wait before retry number {@code n} (1-based), capped by {@link #backoffMax}. */
    public Duration backoff(int n) {
        return backoffPolicy == BackoffPolicy.LINEAR ? Backoff.linear(backoffDelay, n, backoffMax)
                : Backoff.exponential(backoffDelay, n, backoffMax);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeliveryPolicy p && retry == p.retry && backoffPolicy == p.backoffPolicy
                && backoffDelay.equals(p.backoffDelay) && backoffMax.equals(p.backoffMax) && timeout.equals(p.timeout)
                && Objects.equals(deadLetterSink, p.deadLetterSink) && concurrency == p.concurrency
                && maxQueuedEvents == p.maxQueuedEvents && maxQueuedBytes == p.maxQueuedBytes
                && Objects.equals(rateLimit, p.rateLimit) && retryRules == p.retryRules;
    }

    @Override
    public int hashCode() {
        return Objects.hash(retry, backoffPolicy, backoffDelay, backoffMax, timeout, deadLetterSink, concurrency,
                maxQueuedEvents, maxQueuedBytes, rateLimit, retryRules);
    }

    @Override
    public String toString() {
        return "DeliveryPolicy[retry=" + retry + ", backoffPolicy=" + backoffPolicy.wireName() + ", backoffDelay="
                + backoffDelay + ", backoffMax=" + backoffMax + ", timeout=" + timeout + ", deadLetterSink="
                + deadLetterSink + ", concurrency=" + concurrency + ", maxQueuedEvents=" + maxQueuedEvents
                + ", maxQueuedBytes=" + maxQueuedBytes + ", rateLimit=" + rateLimit + ", retryRules=" + retryRules.wireName() + "]";
    }

    /** Builds a {@link DeliveryPolicy}; starts from the router's defaults. */
    public static final class Builder {
        private int retry = 10;
        private BackoffPolicy backoffPolicy = BackoffPolicy.EXPONENTIAL;
        private Duration backoffDelay = Duration.ofMillis(200);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(30);
        private DeadLetterSink deadLetterSink;
        private int concurrency = 16;
        private int maxQueuedEvents = 10_000;
        private long maxQueuedBytes = 64L * 1024 * 1024;
        private RateLimit rateLimit;
        private RetryRules retryRules = RetryRules.KNATIVE;

        private Builder() {
        }

        public Builder retry(int retry) {
            if (retry < 0) {
                throw new IllegalArgumentException("retry must be 0 or more");
            }
            this.retry = retry;
            return this;
        }

        public Builder backoffPolicy(BackoffPolicy backoffPolicy) {
            this.backoffPolicy = backoffPolicy;
            return this;
        }

        public Builder backoffDelay(Duration backoffDelay) {
            this.backoffDelay = backoffDelay;
            return this;
        }

        public Builder backoffMax(Duration backoffMax) {
            this.backoffMax = backoffMax;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder deadLetterSink(DeadLetterSink deadLetterSink) {
            this.deadLetterSink = deadLetterSink;
            return this;
        }

        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be 1 or more");
            }
            this.concurrency = concurrency;
            return this;
        }

        public Builder maxQueuedEvents(int maxQueuedEvents) {
            if (maxQueuedEvents < 1) {
                throw new IllegalArgumentException("maxQueuedEvents must be 1 or more");
            }
            this.maxQueuedEvents = maxQueuedEvents;
            return this;
        }

        public Builder maxQueuedBytes(long maxQueuedBytes) {
            if (maxQueuedBytes < 1) {
                throw new IllegalArgumentException("maxQueuedBytes must be 1 or more");
            }
            this.maxQueuedBytes = maxQueuedBytes;
            return this;
        }

        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        public Builder retryRules(RetryRules retryRules) {
            this.retryRules = retryRules;
            return this;
        }

        public DeliveryPolicy build() {
            return new DeliveryPolicy(this);
        }
    }
}
