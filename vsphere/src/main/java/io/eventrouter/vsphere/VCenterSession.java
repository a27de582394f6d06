package io.eventrouter.vsphere;

import io.eventrouter.vsphere.vim25.HttpProxy;
import io.eventrouter.vsphere.vim25.ManagedObjectReference;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.eventrouter.vsphere.vim25.VimException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One logged-in vCenter session: version negotiation, login, a CurrentTime keep-alive (the reading loop may be
 * blocked for a long time while receivers are slow, and an idle session expires), and a bounded logout.
 */
final class VCenterSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VCenterSession.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final VimClient client;
    private final ServiceContent content;
    private final List<String> eventTypeIds;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread keepAlive;

    private VCenterSession(VimClient client, ServiceContent content, Duration keepAliveInterval,
                           List<String> eventTypeIds) {
        this.client = client;
        this.content = content;
        this.eventTypeIds = List.copyOf(eventTypeIds);
        this.keepAlive = Thread.ofVirtual().name("vcenter-keepalive").start(() -> keepAlive(keepAliveInterval));
    }

    /** Connects and logs in; on failure nothing stays open. */
    static VCenterSession open(URI sdkUrl, SSLContext ssl, String user, String password, VCenterConfig config,
                               MeterRegistry meters) throws VimException, InterruptedException {
        Duration connectTimeout = config.requestTimeout().compareTo(Duration.ofSeconds(10)) < 0
                ? config.requestTimeout() : Duration.ofSeconds(10);
        HttpProxy proxy = config.httpProxy().orElse(null); // checked when the configuration was read
        VimClient client = new VimClient(sdkUrl, ssl, proxy, connectTimeout, config.requestTimeout(), meters);
        try {
            ServiceContent content = client.open(user, password);
            LOG.debug("logged in to {} ({}, API {}, SOAPAction version {})", sdkUrl, content.fullName(),
                    content.apiVersion(), client.apiVersion());
            return new VCenterSession(client, content, config.keepAliveInterval(),
                    config.eventTypeFilter().collectorTypeIds());
        } catch (VimException | InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    VimClient client() {
        return client;
    }

    ServiceContent content() {
        return content;
    }

    /** The event types this session's collectors ask vCenter for (empty: all), from {@code eventTypes}. */
    List<String> eventTypeIds() {
        return eventTypeIds;
    }

    private void keepAlive(Duration interval) {
        try {
            while (!closed.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    client.currentTime();
                } catch (VimException e) {
                    // the reading loop sees the same problem on its next call and reconnects
                    LOG.debug("keep-alive failed: {}", e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Destroys what a tail made ({@link EventTail#madeObjects()}: its event collector, its PropertyCollector) and
     * logs out, within a few seconds whatever vCenter does.
     */
    void close(List<ManagedObjectReference> made) {
        // a stop request may have left the caller's interrupt flag set: keep it from cutting the logout short
        boolean interrupted = Thread.interrupted();
        closed.countDown();
        keepAlive.interrupt();
        Thread cleanup = Thread.ofVirtual().name("vcenter-logout").start(() -> {
            try {
                for (ManagedObjectReference object : made) {
                    if (object.type().equals("PropertyCollector")) {
                        client.destroyPropertyCollector(object);
                    } else {
                        client.destroyCollector(object);
                    }
                }
                client.logout(content.sessionManager());
            } catch (VimException e) {
                LOG.debug("logout from {} failed: {}", client.sdkUrl(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            if (!cleanup.join(CLOSE_TIMEOUT)) {
                LOG.debug("logout from {} takes too long; dropping the connection", client.sdkUrl());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            client.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(List.of());
    }

    Instant currentTime() throws VimException, InterruptedException {
        return client.currentTime();
    }
}
