package io.eventrouter.spi;

import io.eventrouter.config.KReference;

import java.net.URI;
import java.util.ServiceLoader;

/**
 * Resolves the address of the Kubernetes object a destination's {@code ref} names, as Knative does, and keeps it
 * current. Found with {@link ServiceLoader} (the knative module has the Kubernetes one), so that core stays free of a
 * Kubernetes client; the application makes one, shares it between processors and dead-letter sinks, and closes it
 * at shutdown, which also closes every address it handed out.
 */
public interface AddressResolver extends AutoCloseable {

    /** Used when no implementation is on the class path: every {@code ref} is refused. */
    AddressResolver NONE = (ref, relative) -> {
        throw new IllegalStateException("cannot resolve " + ref.kind() + " " + ref.name()
                + ": no Kubernetes address resolver is on the class path (the knative module provides it)");
    };

    /**
     * Starts following {@code ref}'s address and returns at once, without waiting for Kubernetes: until the address
     * is known, {@link DestinationAddress#current()} says why not.
     *
     * @param relative the destination's {@code uri}, resolved against the object's address; may be {@code null}
     */
    DestinationAddress follow(KReference ref, URI relative);

    @Override
    default void close() {
    }

    /** The first implementation found with {@link ServiceLoader}, else {@link #NONE}. */
    static AddressResolver load() {
        return ServiceLoader.load(AddressResolver.class).findFirst().orElse(NONE);
    }
}
