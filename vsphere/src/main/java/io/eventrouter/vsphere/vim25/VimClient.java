package io.eventrouter.vsphere.vim25;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The handful of vim25 calls an event reader needs, over SOAP on {@code java.net.http}. One client is one session:
 * create it, {@link #open} it (version negotiation, service content, login), and close it when the session is done
 * with. Calls may come from several threads (e.g. a keep-alive next to a long poll).
 */
public final class VimClient implements AutoCloseable {

    /** The API version sent when vCenter does not say which it speaks (govmomi 0.24's, the bundled schema's). */
    public static final String DEFAULT_API_VERSION = "7.0";

    private static final ManagedObjectReference SERVICE_INSTANCE =
            new ManagedObjectReference("ServiceInstance", "ServiceInstance");

    private final URI sdkUrl;
    private final SoapTransport transport;
    private final Duration timeout;
    private final Counter eventsRead;
    private final ProxyCredentialsRelay relay;
    private volatile String apiVersion = DEFAULT_API_VERSION;

    /**
     * @param sdkUrl  the SOAP endpoint, e.g. {@code https://vc.example.com/sdk}, without user info
     * @param timeout how long one ordinary call may take (a long poll adds its own wait on top)
     */
    public VimClient(URI sdkUrl, SSLContext ssl, Duration connectTimeout, Duration timeout, MeterRegistry meters) {
        this(sdkUrl, ssl, null, connectTimeout, timeout, meters);
    }

    /**
     * @param proxy the HTTP proxy to reach vCenter through; null: the JVM's default (its https.proxyHost and
     *              http.nonProxyHosts properties, directly when unset)
     */
    public VimClient(URI sdkUrl, SSLContext ssl, HttpProxy proxy, Duration connectTimeout, Duration timeout,
                     MeterRegistry meters) {
        this.sdkUrl = sdkUrl;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(ssl)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        boolean tunnelWithCredentials = proxy != null && proxy.username() != null
                && sdkUrl.getScheme().equalsIgnoreCase("https");
        if (tunnelWithCredentials) {
            try {
                relay = ProxyCredentialsRelay.start(proxy, sdkUrl.getHost() + ":" + port(sdkUrl),
                        (int) connectTimeout.toMillis());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on the loopback interface for the proxy relay", e);
            }
            builder.proxy(ProxySelector.of(relay.address()));
        } else {
            relay = null;
            if (proxy != null) {
                builder.proxy(ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port())));
            }
        }
        // a plain-http vCenter behind a proxy with credentials: the header goes on each request to the proxy
        this.transport = new SoapTransport(sdkUrl, builder.build(), proxy, !tunnelWithCredentials, meters);
        this.eventsRead = Counter.builder("eventrouter.vcenter.events.read")
                .description("Events read from vCenter (ReadNextEvents), before the router filters any").register(meters);
    }

    public URI sdkUrl() {
        return sdkUrl;
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /**
     * Reads {@code /sdk/vimServiceVersions.xml} and from then on sends the newest {@code urn:vim25} version vCenter
     * offers as SOAPAction, since vCenter shapes its answers by the version the client names. Falls back to
     * {@link #DEFAULT_API_VERSION} when the document is missing or says nothing about vim25.
     *
     * @return the version now used
     */
    public String negotiateApiVersion() throws VimException, InterruptedException {
        URI versions = URI.create(sdkUrl.toString().replaceAll("/+$", "") + "/vimServiceVersions.xml");
        Optional<XmlElement> namespaces = transport.get(versions, timeout);
        if (namespaces.isEmpty()) {
            return apiVersion;
        }
        for (XmlElement namespace : namespaces.get().children("namespace")) {
            String name = namespace.childText("name");
            String version = namespace.childText("version");
            if (name != null && name.strip().equals("urn:vim25") && version != null && !version.isBlank()) {
                apiVersion = version.strip();
                transport.apiVersion(apiVersion);
            }
        }
        return apiVersion;
    }

    /** Negotiates the version, reads the service content and logs in: a session ready for calls. */
    public ServiceContent open(String userName, String password) throws VimException, InterruptedException {
        negotiateApiVersion();
        ServiceContent content = retrieveServiceContent();
        login(content.sessionManager(), userName, password);
        return content;
    }

    /** The negotiated version sent as SOAPAction, {@link #DEFAULT_API_VERSION} before {@link #negotiateApiVersion}. */
    public String apiVersion() {
        return apiVersion;
    }

    public ServiceContent retrieveServiceContent() throws VimException, InterruptedException {
        XmlElement response = call(new SoapRequest("RetrieveServiceContent", SERVICE_INSTANCE));
        return ServiceContent.from(returnval(response));
    }

    public void login(ManagedObjectReference sessionManager, String userName, String password)
            throws VimException, InterruptedException {
        transport.cookie().clear();
        call(new SoapRequest("Login", sessionManager).text("userName", userName).text("password", password));
        if (transport.cookie().header() == null) {
            throw new VimProtocolException("Login succeeded but vCenter set no session cookie");
        }
    }

    public void logout(ManagedObjectReference sessionManager) throws VimException, InterruptedException {
        try {
            call(new SoapRequest("Logout", sessionManager));
        } finally {
            transport.cookie().clear();
        }
    }

    /** vCenter's clock; also the cheapest call that keeps a session alive. */
    public Instant currentTime() throws VimException, InterruptedException {
        return parseTime(returnval(call(new SoapRequest("CurrentTime", SERVICE_INSTANCE))).text());
    }

    /** A collector over every event of the inventory (root folder, all levels) created at or after {@code begin}. */
    public ManagedObjectReference createCollectorForEvents(ManagedObjectReference eventManager,
                                                           ManagedObjectReference rootFolder, Instant begin)
            throws VimException, InterruptedException {
        return createCollectorForEvents(eventManager, rootFolder, begin, null, List.of());
    }

    /**
     * The same, limited to events created at or before {@code end} (none: no limit): a closed window of the
     * history, which the collector drains and then stays empty.
     */
    public ManagedObjectReference createCollectorForEvents(ManagedObjectReference eventManager,
                                                           ManagedObjectReference rootFolder, Instant begin,
                                                           Instant end) throws VimException, InterruptedException {
        return createCollectorForEvents(eventManager, rootFolder, begin, end, List.of());
    }

    /**
     * The same, limited to the event types {@code eventTypeIds} (empty: all): vCenter's {@code EventFilterSpec
     * .eventTypeId}, matched against an event's class or an EventEx/ExtendedEvent's id, so that the others are never
     * sent. ({@code EventFilterSpec.type} is not set as well: vCenter may refuse a filter with both.)
     */
    public ManagedObjectReference createCollectorForEvents(ManagedObjectReference eventManager,
                                                           ManagedObjectReference rootFolder, Instant begin,
                                                           Instant end, List<String> eventTypeIds)
            throws VimException, InterruptedException {
        SoapRequest request = new SoapRequest("CreateCollectorForEvents", eventManager)
                .open("filter")
                .open("entity").ref("entity", rootFolder).text("recursion", "all").close("entity");
        if (begin != null) {
            request.open("time").text("beginTime", DateTimeFormatter.ISO_INSTANT.format(begin));
            if (end != null) {
                request.text("endTime", DateTimeFormatter.ISO_INSTANT.format(end));
            }
            request.close("time");
        }
        for (String id : eventTypeIds) { // after time: the schema's element order
            request.text("eventTypeId", id);
        }
        request.close("filter");
        return ManagedObjectReference.from(returnval(call(request)));
    }

    /** Sets how many events {@code latestPage} holds (it does not limit ReadNextEvents). */
    public void setCollectorPageSize(ManagedObjectReference collector, int size)
            throws VimException, InterruptedException {
        call(new SoapRequest("SetCollectorPageSize", collector).text("maxCount", Integer.toString(size)));
    }

    /** The next events after the collector's cursor, oldest first; empty when there are none yet. */
    public List<XmlElement> readNextEvents(ManagedObjectReference collector, int maxCount)
            throws VimException, InterruptedException {
        XmlElement response = call(new SoapRequest("ReadNextEvents", collector)
                .text("maxCount", Integer.toString(maxCount)));
        List<XmlElement> events = response.children("returnval");
        eventsRead.increment(events.size());
        return events;
    }

    /**
     * Every event created at or after {@code begin}, oldest first, read through a collector of its own (destroyed
     * afterwards): for tools and tests that want a whole history at once.
     */
    public List<XmlElement> readAllEvents(ServiceContent content, Instant begin)
            throws VimException, InterruptedException {
        ManagedObjectReference collector = createCollectorForEvents(content.eventManager(), content.rootFolder(),
                begin);
        List<XmlElement> all = new ArrayList<>();
        List<XmlElement> page;
        while (!(page = readNextEvents(collector, 1000)).isEmpty()) {
            all.addAll(page);
        }
        destroyCollector(collector);
        return all;
    }

    /**
     * EventManager's {@code latestEvent}: the newest event vCenter has written, whatever any collector's filter; empty
     * when there is none (or the property cannot be read).
     */
    public Optional<XmlElement> latestEvent(ServiceContent content) throws VimException, InterruptedException {
        return retrieveProperty(new SoapRequest("RetrievePropertiesEx", content.propertyCollector()),
                content.eventManager(), "latestEvent");
    }

    /** A collector's {@code latestPage}: its newest events (as many as its page size), newest first. */
    public List<XmlElement> latestPage(ServiceContent content, ManagedObjectReference collector)
            throws VimException, InterruptedException {
        return retrieveProperty(new SoapRequest("RetrievePropertiesEx", content.propertyCollector()), collector,
                "latestPage").map(XmlElement::children).orElse(List.of());
    }

    private Optional<XmlElement> retrieveProperty(SoapRequest request, ManagedObjectReference object, String property)
            throws VimException, InterruptedException {
        request.open("specSet")
                .open("propSet").text("type", object.type()).text("all", "false").text("pathSet", property)
                .close("propSet")
                .open("objectSet").ref("obj", object).text("skip", "false").close("objectSet")
                .close("specSet")
                .open("options").close("options");
        XmlElement returnval = call(request).child("returnval");
        if (returnval == null) {
            return Optional.empty();
        }
        for (XmlElement objectContent : returnval.children("objects")) {
            for (XmlElement propSet : objectContent.children("propSet")) {
                if (property.equals(propSet.childText("name")) && propSet.child("val") != null) {
                    return Optional.of(propSet.child("val"));
                }
            }
        }
        return Optional.empty();
    }

    public void destroyCollector(ManagedObjectReference collector) throws VimException, InterruptedException {
        call(new SoapRequest("DestroyCollector", collector));
    }

    /**
     * A PropertyCollector of this session's own, made from the service content's one: its filters and
     * WaitForUpdatesEx answers are this session's alone (the simulators share the service content's one between
     * sessions). Destroyed with {@link #destroyPropertyCollector}, else at logout.
     */
    public ManagedObjectReference createPropertyCollector(ManagedObjectReference propertyCollector)
            throws VimException, InterruptedException {
        return ManagedObjectReference.from(returnval(call(new SoapRequest("CreatePropertyCollector",
                propertyCollector))));
    }

    public void destroyPropertyCollector(ManagedObjectReference propertyCollector)
            throws VimException, InterruptedException {
        call(new SoapRequest("DestroyPropertyCollector", propertyCollector));
    }

    /** A property filter that reports changes of one property of {@code object} to {@link #waitForUpdatesEx}. */
    public ManagedObjectReference createFilter(ManagedObjectReference propertyCollector, ManagedObjectReference object,
                                               String property) throws VimException, InterruptedException {
        SoapRequest request = new SoapRequest("CreateFilter", propertyCollector)
                .open("spec")
                .open("propSet").text("type", object.type()).text("all", "false").text("pathSet", property)
                .close("propSet")
                .open("objectSet").ref("obj", object).text("skip", "false").close("objectSet")
                .close("spec")
                .text("partialUpdates", "false");
        return ManagedObjectReference.from(returnval(call(request)));
    }

    public void destroyPropertyFilter(ManagedObjectReference filter) throws VimException, InterruptedException {
        call(new SoapRequest("DestroyPropertyFilter", filter));
    }

    /**
     * Waits until a filtered property changes after {@code version} ({@code ""}: report the current state at once),
     * at most {@code maxWaitSeconds} (0: do not wait).
     *
     * @return the new version, or empty when the wait ended without a change
     */
    public Optional<String> waitForUpdatesEx(ManagedObjectReference propertyCollector, String version,
                                             int maxWaitSeconds) throws VimException, InterruptedException {
        return waitForUpdates(propertyCollector, version, maxWaitSeconds).map(PropertyUpdates::version);
    }

    /**
     * The same, with the changed values: what a filtered property now holds (e.g. a collector's latestPage).
     *
     * @return the update, or empty when the wait ended without a change
     */
    public Optional<PropertyUpdates> waitForUpdates(ManagedObjectReference propertyCollector, String version,
                                                    int maxWaitSeconds) throws VimException, InterruptedException {
        SoapRequest request = new SoapRequest("WaitForUpdatesEx", propertyCollector)
                .text("version", version)
                .open("options").text("maxWaitSeconds", Integer.toString(maxWaitSeconds)).close("options");
        XmlElement response = transport.call(request, timeout.plusSeconds(maxWaitSeconds));
        XmlElement returnval = response.child("returnval");
        if (returnval == null) {
            return Optional.empty();
        }
        String next = returnval.childText("version");
        List<XmlElement> values = new ArrayList<>();
        for (XmlElement filterSet : returnval.children("filterSet")) {
            for (XmlElement objectSet : filterSet.children("objectSet")) {
                for (XmlElement change : objectSet.children("changeSet")) {
                    XmlElement val = change.child("val");
                    if (val != null) {
                        values.add(val);
                    }
                }
            }
        }
        return Optional.of(new PropertyUpdates(next == null ? "" : next.strip(), values));
    }

    private XmlElement call(SoapRequest request) throws VimException, InterruptedException {
        return transport.call(request, timeout);
    }

    private static XmlElement returnval(XmlElement response) throws VimProtocolException {
        XmlElement returnval = response.child("returnval");
        if (returnval == null) {
            throw new VimProtocolException(response.name() + " without returnval");
        }
        return returnval;
    }

    static Instant parseTime(String text) throws VimProtocolException {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new VimProtocolException("not a dateTime: " + text, e);
        }
    }

    /** Ends the session's connections at once; a call in progress fails with a {@link VimConnectionException}. */
    @Override
    public void close() {
        transport.close();
        if (relay != null) {
            relay.close();
        }
    }
}
