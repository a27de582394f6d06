package io.eventrouter.http;

import io.eventrouter.config.Binder;
import io.eventrouter.config.Destination;
import io.eventrouter.spi.AddressResolver;
import io.eventrouter.spi.DestinationAddress;
import io.eventrouter.spi.DestinationAddress.Resolution;

import java.net.URI;

/** The {@link DestinationAddress} of a configured {@link Destination}: its URL, or the object its {@code ref} names. */
public final class DestinationAddresses {

    private DestinationAddresses() {
    }

    public static DestinationAddress fixed(URI uri) {
        return fixed(Resolution.resolved(uri));
    }

    private static DestinationAddress fixed(Resolution resolution) {
        String description = Binder.redactUserInfo(resolution.uri().toString());
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
    public static DestinationAddress of(Destination destination, AddressResolver resolver) {
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
