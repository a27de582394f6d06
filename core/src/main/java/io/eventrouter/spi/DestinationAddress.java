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
        Resolution overriddenBy(String ownCaCerts, String ownAudience) {
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

    static DestinationAddress fixed(URI uri) {
        return fixed(Resolution.resolved(uri));
    }

    private static DestinationAddress fixed(Resolution resolution) {
        URI uri = resolution.uri();
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

    /**
     * A plain {@code uri} is used as it is (no Kubernetes involved); a {@code ref} goes to {@code resolver}. The
     * destination's own {@code CACerts} and {@code audience} win over the object's, as in Knative's resolver.
     */
    static DestinationAddress of(Destination destination, AddressResolver resolver) {
        if (destination.ref() == null) {
            return fixed(Resolution.resolved(destination.uri().uri(), destination.CACerts(), destination.audience()));
        }
        DestinationAddress followed = resolver.follow(destination.ref(),
                destination.uri() == null ? null : destination.uri().uri());
        if (destination.CACerts() == null && destination.audience() == null) {
            return followed;
        }
        return new DestinationAddress() {
            @Override
            public Resolution current() {
                return followed.current().overriddenBy(destination.CACerts(), destination.audience());
            }

            @Override
            public void connectionFailed() {
                followed.connectionFailed();
            }

            @Override
            public String describe() {
                return followed.describe();
            }

            @Override
            public void close() {
                followed.close();
            }
        };
    }
}
