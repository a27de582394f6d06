package io.eventrouter.http;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.ConnectorTls;
import io.eventrouter.spi.DestinationAddress;
import io.eventrouter.spi.DestinationAddress.Resolution;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * One CloudEvents HTTP endpoint: its address (fixed, or followed through Kubernetes), an HTTP client of its own and
 * the content mode. What the knative processor and an HTTP dead-letter sink both are.
 */
public final class CloudEventsDestination implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final DestinationAddress address;
    private final EventHttpClient client;
    private final CloudEventSender sender;
    private final DestinationTrust trust;

    /**
     * A destination that trusts the address's Knative {@code CACerts} (for itself only) and presents OIDC tokens to
     * an address with an audience.
     *
     * @param insecure skip all certificate and host name checks ({@code insecureSSL})
     * @param tokens   {@code null} to send no tokens
     */
    public CloudEventsDestination(DestinationAddress address, ConnectorTls tls, boolean insecure, EventEncoding encoding,
                                  BasicAuth auth, BearerTokens tokens) {
        this.address = address;
        this.trust = insecure ? null : new DestinationTrust(tls);
        this.client = EventHttpClient.start(insecure ? tls.context(true) : trust.context(), insecure, CONNECT_TIMEOUT);
        this.sender = new CloudEventSender(client, encoding, auth, tokens);
    }

    public DeliveryResult send(CloudEvent event, Duration timeout) throws InterruptedException {
        Resolution now = address.current();
        if (trust != null && now.isResolved()) {
            try {
                trust.use(now.caCerts());
            } catch (IOException | GeneralSecurityException e) {
                return DeliveryResult.unavailable(0, "cannot use the CACerts of " + address.describe() + ": "
                        + e.getMessage(), null);
            }
        }
        return sender.send(address, now, event, timeout);
    }

    /** The URL (or the reference while it is not resolved), without secrets. */
    public String describe() {
        return address.describe();
    }

    @Override
    public void close() {
        address.close();
        client.close();
    }
}
