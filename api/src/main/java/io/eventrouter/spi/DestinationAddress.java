package io.eventrouter.spi;

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
}
