package io.eventrouter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/** The JDK's HTTP server on a free 127.0.0.1 port, one virtual thread per exchange, for the local test endpoints. */
public final class LoopbackServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LoopbackServer() {
    }

    /** Starts plain HTTP, or HTTPS when {@code tls} is given, with {@code handler} for every path. */
    public static HttpServer start(SSLContext tls, HttpHandler handler) throws IOException {
        return start(0, tls, handler);
    }

    /** The same on {@code port} (0: a free one), e.g. to bring a server back where clients expect it. */
    public static HttpServer start(int port, SSLContext tls, HttpHandler handler) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", handler);
        server.start();
        return server;
    }

    public static HttpServer start(HttpHandler handler) throws IOException {
        return start(null, handler);
    }

    /** {@code http(s)://127.0.0.1:<port>} of a started server. */
    public static URI address(HttpServer server) {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort());
    }

    /** Answers with {@code body} as JSON (the exchange stays open for the caller to close). */
    public static void replyJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The decoded query parameters of a request URI (the last value of a repeated name wins). */
    public static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Collections.unmodifiableMap(values);
    }
}
