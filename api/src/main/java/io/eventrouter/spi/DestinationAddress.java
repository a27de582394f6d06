package io.eventrouter.spi;

import java.net.URI;
import java.util.Objects;

/**
 * Where a destination's events go right now: a fixed URL, or the address of a Kubernetes object that may not be
 * known yet and may change (see {@link AddressResolver}).
 */
public interface DestinationAddress extends AutoCloseable {

    /**
     * Either a URL to send to, or why there is none yet. A resolved address may carry Knative's {@code CACerts} (PEM,
     * trusted for this address only) and {@code audience} (for an OIDC token), each {@code null} when absent.
     */
    record Resolution(URI uri, String problem, String caCerts, String audience) {

        public static Resolution resolved(URI uri) {
            return resolved(uri, null, null);
        }

        public static Resolution resolved(URI uri, String caCerts, String audience) {
            return new Resolution(Objects.requireNonNull(uri, "uri"), null, caCerts, audience);
        }

        public static Resolution unresolved(String problem) {
            return new Resolution(null, Objects.requireNonNull(problem, "problem"), null, null);
        }

        public boolean isResolved() {
            return uri != null;
        }

        /** This resolution with the destination's own {@code CACerts} and {@code audience}, where given. */
        public Resolution overriddenBy(String ownCaCerts, String ownAudience) {
            if (!isResolved()) {
                return this;
            }
            return resolved(uri, ownCaCerts != null ? ownCaCerts : caCerts, ownAudience != null ? ownAudience : audience);
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
