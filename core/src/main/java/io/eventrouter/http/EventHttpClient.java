package io.eventrouter.http;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The HTTP client that pushes events to destinations: Jetty's, which costs about half the CPU per request of the
 * JDK's client (measured while choosing it), pooled connections per destination, no redirects, no answers to
 * authentication challenges, no cookies.
 */
public final class EventHttpClient implements AutoCloseable {

    private final HttpClient client;

    private EventHttpClient(HttpClient client) {
        this.client = client;
    }

    /**
     * @param tls      the verifying or trust-all context from {@link ClientTls#context(boolean)}
     * @param insecure skip host name verification too (with a trust-all context)
     */
    public static EventHttpClient start(SSLContext tls, boolean insecure, Duration connectTimeout) {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setSslContext(tls);
        if (insecure) {
            ssl.setEndpointIdentificationAlgorithm(null);
        }
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        connector.setConnectTimeout(connectTimeout);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("event-http-client");
        threads.setDaemon(true);
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        connector.setExecutor(threads);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        // answers are parsed on the I/O thread that read them, not handed to a thread of their own (which also
        // costs a selector wake-up per answer); safe because no response listener here blocks: the senders wait
        // on futures the listeners complete
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient client = new HttpClient(transport);
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(1024);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "event-router"));
        // every delivery stands alone: a destination's Set-Cookie is not replayed to it (or to its host's other
        // destinations) on later deliveries, and no cookie store grows or is matched per request
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
        // (after start, which installs it) a 401 is the destination's answer to classify, and with OIDC to renew the
        // token for, not a challenge to answer: Jetty's handler fails a 401 without WWW-Authenticate as an error
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        return new EventHttpClient(client);
    }

    HttpClient jetty() {
        return client;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception ignored) {
            // closing: nothing left to do
        }
    }
}
