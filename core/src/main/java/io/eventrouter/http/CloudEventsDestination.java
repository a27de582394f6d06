package io.eventrouter.http;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DestinationAddress;

import javax.net.ssl.SSLContext;
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

    /**
     * @param tls      from {@link ClientTls#context(boolean)}
     * @param insecure skip host name verification too
     * @param auth     basic auth sent with every request, or {@code null}
     */
    public CloudEventsDestination(DestinationAddress address, SSLContext tls, boolean insecure, EventEncoding encoding,
                                  BasicAuth auth) {
        this.address = address;
        this.client = EventHttpClient.start(tls, insecure, CONNECT_TIMEOUT);
        this.sender = new CloudEventSender(client, encoding, auth);
    }

    public DeliveryResult send(CloudEvent event, Duration timeout) throws InterruptedException {
        return sender.send(address, event, timeout);
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
