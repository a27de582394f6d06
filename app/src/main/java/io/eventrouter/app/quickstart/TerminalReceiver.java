package io.eventrouter.app.quickstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The quickstart's function: a CloudEvents endpoint on a free loopback port that prints what the router delivers
 * and answers 202. Parsing is the CloudEvents SDK's, so anything printed is a valid CloudEvent on the wire.
 */
final class TerminalReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final EventPrinter printer;

    private TerminalReceiver(HttpServer server, ExecutorService executor, EventPrinter printer) {
        this.server = server;
        this.executor = executor;
        this.printer = printer;
    }

    static TerminalReceiver start(EventPrinter printer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        TerminalReceiver receiver = new TerminalReceiver(server, executor, printer);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    values.getFirst()));
            CloudEvent event;
            try {
                event = HttpMessageFactory.createReader(headers, body).toEvent();
            } catch (RuntimeException e) {
                printer.note("the receiver got a request that is not a CloudEvent: " + e.getMessage());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            printer.event(event);
            exchange.sendResponseHeaders(202, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
