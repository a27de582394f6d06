package io.eventrouter.config;

/**
 * Which failures a processor retries. {@link #KNATIVE} is Knative's data-plane rule set (the default in
 * {@code eventrouter.io/v1}); {@link #ORIGINAL} is what the original router did for a processor type that had rules of
 * its own (knative, openfaas), the default in its file formats.
 */
public enum RetryRules implements WireEnum {
    KNATIVE("knative"),
    ORIGINAL("original");

    private final String wireName;

    RetryRules(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
