package io.eventrouter.vsphere.vcsim;

import io.eventrouter.spi.ConnectorTls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Posts events of any class into a vcsim with the SOAP call {@code EventManager.PostEvent}, the way to make event
 * classes a simulator never writes by itself (EventEx, ExtendedEvent, alarms, ...). vcsim fills in key, time and
 * user. Deliberately string templates on plain HTTP: the tests use it to feed the vim25 client, so it shares no code
 * with it.
 * Thread-safe: one HTTP client and one session cookie serve any number of threads.
 */
public final class EventPoster implements AutoCloseable {

    private static final String ENVELOPE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\
            <soapenv:Body>%s</soapenv:Body></soapenv:Envelope>""";

    private final URI sdkUrl;
    private final HttpClient http;
    private final String cookie;

    private EventPoster(URI sdkUrl, HttpClient http, String cookie) {
        this.sdkUrl = sdkUrl;
        this.http = http;
        this.cookie = cookie;
    }

    /** One event to post: its vim25 class and the XML of its fields after Event's key, chainId, createdTime, userName. */
    public record PostableEvent(String xsiType, String fieldsXml) {
    }

    /** A managed object, for event arguments ({@code Vm}, {@code Host}, ...) and ExtendedEvent.managedObject. */
    public record Ref(String type, String value) {
        String xml(String element) {
            return "<" + element + " type=\"" + escape(type) + "\">" + escape(value) + "</" + element + ">";
        }
    }

    static EventPoster login(URI sdkUrl, String user, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ConnectorTls.systemDefault().context(true)).connectTimeout(Duration.ofSeconds(10)).build();
        String body = "<Login xmlns=\"urn:vim25\"><_this type=\"SessionManager\">SessionManager</_this><userName>"
                + escape(user) + "</userName><password>" + escape(password) + "</password></Login>";
        HttpResponse<String> response = send(http, sdkUrl, null, body);
        String cookie = response.headers().allValues("set-cookie").stream()
                .map(header -> header.split(";", 2)[0])
                .filter(pair -> pair.startsWith("vmware_soap_session="))
                .findFirst().orElseThrow(() -> new IOException("Login set no session cookie"));
        return new EventPoster(sdkUrl, http, cookie);
    }

    public void post(PostableEvent event) throws IOException, InterruptedException {
        String body = "<PostEvent xmlns=\"urn:vim25\"><_this type=\"EventManager\">EventManager</_this>"
                + "<eventToPost xsi:type=\"" + escape(event.xsiType()) + "\"><key>0</key><chainId>0</chainId>"
                + "<createdTime>1970-01-01T00:00:00Z</createdTime><userName></userName>" + event.fieldsXml()
                + "</eventToPost></PostEvent>";
        send(http, sdkUrl, cookie, body);
    }

    /**
     * Sends any vim25 request body (e.g. {@code <ReadNextEvents xmlns="urn:vim25">…}) in this session and returns
     * the raw response envelope: for capturing what vcsim writes.
     */
    public String call(String bodyXml) throws IOException, InterruptedException {
        return send(http, sdkUrl, cookie, bodyXml).body();
    }

    /** Posts many events from {@code threads} connections at once (vcsim numbers them in arrival order). */
    public void postAll(List<PostableEvent> events, int threads) throws IOException, InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofVirtual().factory())) {
            List<Future<?>> results = new ArrayList<>(events.size());
            for (PostableEvent event : events) {
                results.add(pool.submit(() -> {
                    post(event);
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    public static PostableEvent generalUserEvent(String message) {
        return new PostableEvent("GeneralUserEvent", "<message>" + escape(message) + "</message>");
    }

    /**
     * An EventEx; {@code argumentsXml} holds {@code <arguments>} elements, see {@link #argument}.
     */
    public static PostableEvent eventEx(String eventTypeId, String severity, String message, Ref vm,
                                        String... argumentsXml) {
        StringBuilder xml = new StringBuilder();
        if (vm != null) {
            xml.append("<vm><name>").append(escape(vm.value())).append("</name>").append(vm.xml("vm")).append("</vm>");
        }
        xml.append("<eventTypeId>").append(escape(eventTypeId)).append("</eventTypeId>");
        if (severity != null) {
            xml.append("<severity>").append(escape(severity)).append("</severity>");
        }
        if (message != null) {
            xml.append("<message>").append(escape(message)).append("</message>");
        }
        for (String argument : argumentsXml) {
            xml.append(argument);
        }
        return new PostableEvent("EventEx", xml.toString());
    }

    /**
     * An entity argument of an event, e.g. {@code entityArgument("host", "host", "DC0_H0", hostRef)} for Event.host,
     * or {@code entityArgument("source", "entity", ...)} for an alarm's source.
     */
    public static String entityArgument(String element, String refElement, String name, Ref ref) {
        return "<" + element + "><name>" + escape(name) + "</name>" + ref.xml(refElement) + "</" + element + ">";
    }

    /** A KeyAnyValue argument; {@code xsiType} like {@code xsd:string}, {@code xsd:int}, {@code xsd:dateTime}. */
    public static String argument(String key, String xsiType, String valueXml) {
        return "<arguments><key>" + escape(key) + "</key><value xsi:type=\"" + escape(xsiType) + "\">" + valueXml
                + "</value></arguments>";
    }

    /** An ExtendedEvent with its key/value data. */
    public static PostableEvent extendedEvent(String eventTypeId, String message, Ref managedObject,
                                              List<String[]> data) {
        StringBuilder xml = new StringBuilder("<message>").append(escape(message)).append("</message>")
                .append("<eventTypeId>").append(escape(eventTypeId)).append("</eventTypeId>")
                .append(managedObject.xml("managedObject"));
        for (String[] pair : data) {
            xml.append("<data><key>").append(escape(pair[0])).append("</key><value>").append(escape(pair[1]))
                    .append("</value></data>");
        }
        return new PostableEvent("ExtendedEvent", xml.toString());
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static HttpResponse<String> send(HttpClient http, URI sdkUrl, String cookie, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(sdkUrl).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(ENVELOPE.formatted(body)));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("vcsim answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
