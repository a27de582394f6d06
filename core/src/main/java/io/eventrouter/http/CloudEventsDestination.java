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
import java.util.List;

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
        DeliveryResult untrusted = useCaCerts(now);
        return untrusted != null ? untrusted : sender.send(address, now, event, timeout);
    }

    /** Sends {@code events} as one batch (CloudEvents batched mode); the result is every event's. */
    public DeliveryResult sendBatch(List<CloudEvent> events, Duration timeout) throws InterruptedException {
        Resolution now = address.current();
        DeliveryResult untrusted = useCaCerts(now);
        return untrusted != null ? untrusted : sender.sendBatch(address, now, events, timeout);
    }

    /** Trusts the address's {@code CACerts}; a result to report when they cannot be used, else {@code null}. */
    private DeliveryResult useCaCerts(Resolution now) {
        if (trust != null && now.isResolved()) {
            try {
                trust.use(now.caCerts());
            } catch (IOException | GeneralSecurityException e) {
                return DeliveryResult.unavailable(0, "cannot use the CACerts of " + address.describe() + ": "
                        + e.getMessage(), null);
            }
        }
        return null;
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
