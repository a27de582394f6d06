package io.eventrouter.vsphere.vim25;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import javax.net.ssl.SSLException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends SOAP envelopes to one vCenter over HTTP/1.1 and returns the body's response element, or throws the fault
 * as a typed exception. One transport belongs to one session: it carries the session cookie.
 */
final class SoapTransport implements AutoCloseable {

    /** Shown in vCenter's session list, so that administrators can tell the router's session from others. */
    static final String USER_AGENT = "event-router vsphere-provider";
    /** Far above a page of 1000 events (~2 MB); stops a broken server from filling the heap. */
    private static final long MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

    private final URI endpoint;
    private final HttpClient http;
    private final HttpProxy proxy;
    private final boolean sendProxyAuthorization;
    private final SessionCookie cookie = new SessionCookie();
    private final MeterRegistry meters;
    private final Map<String, Counter> requestCounters = new ConcurrentHashMap<>();
    private volatile String soapAction = "urn:vim25/" + VimClient.DEFAULT_API_VERSION;

    /** @param sendProxyAuthorization whether each request carries the proxy's credentials (plain-http vCenter) */
    SoapTransport(URI endpoint, HttpClient http, HttpProxy proxy, boolean sendProxyAuthorization,
                  MeterRegistry meters) {
        this.endpoint = endpoint;
        this.http = http;
        this.proxy = proxy;
        this.sendProxyAuthorization = sendProxyAuthorization;
        this.meters = meters;
    }

    void apiVersion(String version) {
        soapAction = "urn:vim25/" + version;
    }

    SessionCookie cookie() {
        return cookie;
    }

    /** Calls a method; returns its {@code <XxxResponse>} element. */
    XmlElement call(SoapRequest request, Duration timeout) throws VimException, InterruptedException {
        count(request.method());
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", soapAction)
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(request.envelope()));
        String session = cookie.header();
        if (session != null) {
            builder.header("Cookie", session);
        }
        HttpResponse<InputStream> response = send(builder, request.method());
        cookie.update(response.headers());
        int status = response.statusCode();
        try (InputStream body = limited(response.body())) {
            if (status == 407) {
                throw proxyRefused(request.method());
            }
            if (status != 200 && status != 500) {
                throw new VimConnectionException(request.method() + ": HTTP " + status + " from " + endpoint, null);
            }
            return responseElement(SafeXmlReader.parse(body), request.method());
        } catch (IOException e) {
            throw new VimConnectionException(request.method() + ": reading the response failed: " + e, e);
        }
    }

    /** GETs an XML document next to the SDK endpoint (e.g. vimServiceVersions.xml); empty when not there. */
    Optional<XmlElement> get(URI uri, Duration timeout) throws VimException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT)
                .GET();
        HttpResponse<InputStream> response = send(request, "GET");
        try (InputStream body = limited(response.body())) {
            if (response.statusCode() == 407) {
                throw proxyRefused("GET");
            }
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(SafeXmlReader.parse(body));
        } catch (IOException e) {
            throw new VimConnectionException("GET " + uri + ": " + e, e);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request, String what)
            throws VimException, InterruptedException {
        String proxyAuthorization = proxy == null || !sendProxyAuthorization ? null : proxy.authorization();
        if (proxyAuthorization != null) {
            request.header("Proxy-Authorization", proxyAuthorization);
        }
        String via = proxy == null ? "" : " through proxy " + proxy.describe();
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new VimConnectionException(what + ": cannot connect to " + endpoint + via + " (timed out)", e);
        } catch (HttpTimeoutException e) {
            throw new VimConnectionException(what + ": no answer from " + endpoint + via + " in time", e);
        } catch (ConnectException | ClosedChannelException e) {
            throw new VimConnectionException(what + ": cannot connect to " + (proxy == null ? endpoint
                    : "proxy " + proxy.describe() + " for " + endpoint) + " (" + describe(e) + ")", e);
        } catch (SSLException e) {
            Optional<PinnedCertificate.MismatchException> mismatch = causeOf(e, PinnedCertificate.MismatchException.class);
            if (mismatch.isPresent()) {
                certificateMismatches().increment();
                throw new VimCertificateMismatchException(what + ": vCenter's certificate has SHA-256 thumbprint "
                        + mismatch.get().actual() + ", but the configured thumbprint is " + mismatch.get().expected()
                        + "; no connection is made until vCenter shows the pinned certificate again or thumbprint "
                        + "is set to the new one",
                        mismatch.get(), e);
            }
            throw new VimConnectionException(what + ": TLS with " + endpoint + " failed (" + describe(e)
                    + "); trust its certificate with certificates.rootCAs, pin it with thumbprint, or set insecureSSL",
                    e);
        } catch (IOException e) {
            if (proxy != null && String.valueOf(e.getMessage()).contains("407")) {
                throw proxyRefused(what);
            }
            if (proxy != null && String.valueOf(e.getMessage()).startsWith("Tunnel failed")) {
                throw new VimConnectionException(what + ": proxy " + proxy.describe() + " did not open a tunnel to "
                        + endpoint + " (" + describe(e) + "; 502: it cannot reach vCenter or is not reachable itself)",
                        e);
            }
            throw new VimConnectionException(what + ": connection to " + endpoint + via + " failed (" + describe(e)
                    + ")", e);
        }
    }

    private VimConnectionException proxyRefused(String what) {
        String who = proxy == null ? "a proxy" : "proxy " + proxy.describe();
        return new VimConnectionException(what + ": " + who + " refused to connect to " + endpoint + ": 407 Proxy "
                + "Authentication Required (" + (proxy == null || proxy.username() == null
                ? "it wants credentials: set proxy.username and proxy.password"
                : "check the proxy's user name and password") + ")", null);
    }

    private Counter certificateMismatches() {
        return Counter.builder("eventrouter.vcenter.certificate.mismatches")
                .description("Connections refused because vCenter's certificate did not have the pinned thumbprint")
                .register(meters);
    }

    private static <T extends Throwable> Optional<T> causeOf(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    private static XmlElement responseElement(XmlElement envelope, String method) throws VimException {
        XmlElement body = envelope.child("Body");
        if (!envelope.name().equals("Envelope") || body == null || !body.hasChildren()) {
            throw new VimProtocolException(method + ": not a SOAP envelope");
        }
        XmlElement content = body.children().getFirst();
        if (content.name().equals("Fault")) {
            throw fault(content);
        }
        return content;
    }

    private static VimFaultException fault(XmlElement fault) {
        String message = fault.childText("faultstring");
        XmlElement detail = fault.child("detail");
        String type = "SOAPFault";
        if (detail != null && detail.hasChildren()) {
            XmlElement first = detail.children().getFirst();
            type = first.xsiType() != null ? first.xsiType() : stripSuffix(first.name(), "Fault");
        }
        return VimFaultException.of(type, message == null ? "" : message.strip());
    }

    private static String stripSuffix(String name, String suffix) {
        return name.endsWith(suffix) && name.length() > suffix.length()
                ? name.substring(0, name.length() - suffix.length()) : name;
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private void count(String method) {
        requestCounters.computeIfAbsent(method, m -> Counter.builder("eventrouter.vcenter.requests")
                .description("vim25 SOAP requests sent to vCenter").tag("method", m).register(meters)).increment();
    }

    private static InputStream limited(InputStream in) {
        return new FilterInputStream(in) {
            private long left = MAX_RESPONSE_BYTES;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left <= 0) {
                    throw new IOException("response larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                int n = super.read(buffer, offset, (int) Math.min(length, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    /** Drops connections at once, which also ends a call that is waiting for vCenter. */
    @Override
    public void close() {
        cookie.clear();
        http.shutdownNow();
    }
}
