package io.eventrouter.config;

/** Knative's backoff policies: the n-th retry waits {@code delay × n} (linear) or {@code delay × 2^n} (exponential). */
public enum BackoffPolicy implements WireEnum {
    LINEAR("linear"),
    EXPONENTIAL("exponential");

    private final String wireName;

    BackoffPolicy(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
