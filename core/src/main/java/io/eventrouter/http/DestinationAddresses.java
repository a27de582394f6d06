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
    public static DestinationAddress of(Destination destination, AddressResolver resolver) {
        if (destination.ref() == null) {
            return fixed(destination.uri().uri());
        }
        return resolver.follow(destination.ref(), destination.uri() == null ? null : destination.uri().uri());
    }
}
