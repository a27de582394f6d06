package io.eventrouter.spi;

import io.eventrouter.config.Binder;
import io.eventrouter.config.Destination;

import java.net.URI;
import java.util.Objects;

/**
 * Where a destination's events go right now: a fixed URL, or the address of a Kubernetes object that may not be
 * known yet and may change (see {@link AddressResolver}).
 */
public interface DestinationAddress extends AutoCloseable {

    /** Either a URL to send to, or why there is none yet. */
    record Resolution(URI uri, String problem) {

        public static Resolution resolved(URI uri) {
            return new Resolution(Objects.requireNonNull(uri, "uri"), null);
        }

        public static Resolution unresolved(String problem) {
            return new Resolution(null, Objects.requireNonNull(problem, "problem"));
        }

        public boolean isResolved() {
            return uri != null;
        }
    }

    /** Never blocks: the last known state. */
    Resolution current();

    /** A delivery could not connect to {@link #current()}: the address may have moved, so look again soon. */
    default void connectionFailed() {
    }

    /** The URL when known, else what is being resolved; without secrets (for logs, {@code /stats}, error extensions). */
    String describe();

    @Override
    default void close() {
    }

    static DestinationAddress fixed(URI uri) {
        Resolution resolution = Resolution.resolved(uri);
        String description = Binder.redactUserInfo(uri.toString());
        return new DestinationAddress() {
            @Override
            public Resolution current() {
                return resolution;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** A plain {@code uri} is used as it is (no Kubernetes involved); a {@code ref} goes to {@code resolver}. */
    static DestinationAddress of(Destination destination, AddressResolver resolver) {
        if (destination.ref() == null) {
            return fixed(destination.uri().uri());
        }
        return resolver.follow(destination.ref(), destination.uri() == null ? null : destination.uri().uri());
    }
}
