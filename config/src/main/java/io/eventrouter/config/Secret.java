package io.eventrouter.config;

import java.util.Objects;

/**
 * A password, key or token. Its {@link #toString()} is masked so that it cannot reach a log by accident; code that
 * needs the value calls {@link #reveal()}. In the file it may be a literal, {@code ${env:NAME}} or {@code ${file:PATH}}.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "******";
    }
}
