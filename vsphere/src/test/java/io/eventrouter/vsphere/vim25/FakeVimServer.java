package io.eventrouter.vsphere.vim25;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted vim25 endpoint for what a simulator cannot do: answers chosen per SOAP method (hostile XML, broken
 * events, vCenter's {@code xsi:} prefix). Unscripted methods get an empty response element.
 */
public final class FakeVimServer implements AutoCloseable {

    public static final String ENVELOPE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <soapenv:Body>%s</soapenv:Body></soapenv:Envelope>""";
    private static final Pattern METHOD = Pattern.compile("<soapenv:Body><(\\w+) ");

    private final HttpServer server;
    private final Map<String, Function<String, String>> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private volatile String versionsXml;
    private volatile String lastSoapAction;

    public FakeVimServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/sdk", this::handle);
        server.start();
    }

    public URI sdkUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sdk");
    }

    /** Answers {@code method} with {@code body(request)}: the XML inside soapenv:Body, or a whole document. */
    public FakeVimServer on(String method, Function<String, String> body) {
        answers.put(method, body);
        return this;
    }

    public FakeVimServer on(String method, String body) {
        return on(method, request -> body);
    }

    public FakeVimServer versions(String xml) {
        versionsXml = xml;
        return this;
    }

    /** The SOAPAction header of the last call. */
    public String lastSoapAction() {
        return lastSoapAction;
    }

    public int calls(String method) {
        return calls.getOrDefault(method, 0);
    }

    /** The usual answers of a vCenter for login and a collector, with vCenter's own prefixes. */
    public FakeVimServer loginAndCollector() {
        on("RetrieveServiceContent", """
                <RetrieveServiceContentResponse xmlns="urn:vim25"><returnval>\
                <rootFolder type="Folder">group-d1</rootFolder>\
                <propertyCollector type="PropertyCollector">propertyCollector</propertyCollector>\
                <about><fullName>Fake vCenter</fullName><apiVersion>8.0.2.0</apiVersion>\
                <instanceUuid>fake</instanceUuid></about>\
                <sessionManager type="SessionManager">SessionManager</sessionManager>\
                <eventManager type="EventManager">EventManager</eventManager></returnval>\
                </RetrieveServiceContentResponse>""");
        on("Login", "<LoginResponse xmlns=\"urn:vim25\"><returnval><key>k</key></returnval></LoginResponse>");
        on("CurrentTime", request -> "<CurrentTimeResponse xmlns=\"urn:vim25\"><returnval>"
                + java.time.Instant.now() + "</returnval></CurrentTimeResponse>");
        on("CreateCollectorForEvents", "<CreateCollectorForEventsResponse xmlns=\"urn:vim25\"><returnval "
                + "type=\"EventHistoryCollector\">session[k]c1</returnval></CreateCollectorForEventsResponse>");
        on("CreatePropertyCollector", "<CreatePropertyCollectorResponse xmlns=\"urn:vim25\"><returnval "
                + "type=\"PropertyCollector\">session[k]pc1</returnval></CreatePropertyCollectorResponse>");
        on("CreateFilter", "<CreateFilterResponse xmlns=\"urn:vim25\"><returnval type=\"PropertyFilter\">"
                + "session[k]f1</returnval></CreateFilterResponse>");
        on("WaitForUpdatesEx", request -> {
            if (request.contains("<version></version>")) {
                return "<WaitForUpdatesExResponse xmlns=\"urn:vim25\"><returnval><version>1</version></returnval>"
                        + "</WaitForUpdatesExResponse>";
            }
            try {
                Thread.sleep(200); // a long poll that ends without news
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "<WaitForUpdatesExResponse xmlns=\"urn:vim25\"/>";
        });
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET")) {
                respond(exchange, versionsXml == null ? 404 : 200, versionsXml == null ? "not found" : versionsXml);
                return;
            }
            lastSoapAction = exchange.getRequestHeaders().getFirst("SOAPAction");
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher matcher = METHOD.matcher(request);
            String method = matcher.find() ? matcher.group(1) : "?";
            calls.merge(method, 1, Integer::sum);
            if (method.equals("Login")) {
                exchange.getResponseHeaders().add("Set-Cookie", "vmware_soap_session=\"fake\"; Path=/; HttpOnly");
            }
            Function<String, String> answer = answers.get(method);
            String body = answer == null ? "<" + method + "Response xmlns=\"urn:vim25\"/>" : answer.apply(request);
            String document = body.startsWith("<?xml") || body.startsWith("<!DOCTYPE") ? body
                    : ENVELOPE.formatted(body);
            respond(exchange, document.contains("<soapenv:Fault>") ? 500 : 200, document);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
