package io.eventrouter.http.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * An HTTP server on one address with exact-path routes, each call handled on its own virtual thread (Jetty
 * underneath), or on the I/O thread that read it when every route is a {@link NonBlockingRoute}. Unknown paths get 404; a handler that throws gets a 500 without details.
 */
public final class HttpEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    private final Server server;
    private final ServerConnector connector;
    private final ReloadingTls tls;
    private final String name;
    private final Map<String, HttpRoute> routes = new ConcurrentHashMap<>();
    /** Every route is a {@link NonBlockingRoute}: calls are handled on the I/O thread that read them. */
    private volatile boolean nonBlocking;

    private HttpEndpoint(Server server, ServerConnector connector, ReloadingTls tls, String name) {
        this.server = server;
        this.connector = connector;
        this.tls = tls;
        this.name = name;
    }

    /** A plain HTTP server; {@link #start()} binds it, so a taken port fails there. */
    public static HttpEndpoint create(String name, InetSocketAddress address) {
        try {
            return create(name, address, null);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A server that speaks HTTPS when {@code tlsSettings} is given.
     *
     * @throws GeneralSecurityException when the certificate or key cannot be read
     */
    public static HttpEndpoint create(String name, InetSocketAddress address, TlsSettings tlsSettings)
            throws IOException, GeneralSecurityException {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(name);
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ReloadingTls tls = tlsSettings == null ? null : new ReloadingTls(tlsSettings);
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, tls.factory(), new HttpConnectionFactory(http));
        }
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        HttpEndpoint endpoint = new HttpEndpoint(server, connector, tls, name);
        server.setHandler(endpoint.dispatcher());
        return endpoint;
    }

    public HttpEndpoint route(String path, HttpRoute route) {
        routes.put(path, route);
        nonBlocking = routes.values().stream().allMatch(NonBlockingRoute.class::isInstance);
        return this;
    }

    private Handler dispatcher() {
        return new Handler.Abstract() {
            @Override
            public InvocationType getInvocationType() {
                return nonBlocking ? InvocationType.NON_BLOCKING : InvocationType.BLOCKING;
            }

            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                boolean onIoThread = nonBlocking;
                JettyCall call = new JettyCall(request, response, callback, onIoThread);
                HttpRoute route = routes.get(call.path());
                try {
                    if (route == null) {
                        call.replyText(404, "not found");
                        return true;
                    }
                    route.handle(call);
                    if (!onIoThread && !call.answered()) {
                        call.fail(500, "no answer");
                    }
                } catch (HttpCall.IncompleteBodyException e) {
                    LOG.debug("{} {} from {}: {}", call.method(), call.path(), call.remoteAddress(), e.getMessage());
                    call.fail(e.status(), e.getMessage());
                } catch (Exception | Error e) {
                    if (ClientGone.is(e)) {
                        // one line per disconnecting client would flood the log at warn
                        LOG.debug("{} {}: the client went away: {}", call.method(), call.path(), e.toString());
                    } else {
                        LOG.warn("{} {} failed: {}", call.method(), call.path(), e.toString());
                    }
                    call.fail(500, "internal error");
                }
                return true;
            }
        };
    }

    public void start() throws IOException {
        try {
            server.start();
            if (tls != null) {
                tls.startWatching(name);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start HTTP server: " + e.getMessage(), e);
        }
    }

    public boolean isTls() {
        return tls != null;
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), connector.getLocalPort());
    }

    @Override
    public void close() {
        if (tls != null) {
            tls.close();
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("stopping HTTP server: {}", e.toString());
        }
    }
}
