package io.eventrouter.app.quickstart;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.eventrouter.http.server.HttpCall;
import io.eventrouter.http.server.HttpEndpoint;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The quickstart's function: a CloudEvents endpoint on a free loopback port (the router's own HTTP server) that
 * prints what the router delivers and answers 202. Parsing is the CloudEvents SDK's, so anything printed is a valid
 * CloudEvent on the wire.
 */
final class TerminalReceiver implements AutoCloseable {

    private static final long MAX_BODY = 4 * 1024 * 1024;

    private final HttpEndpoint endpoint;
    private final EventPrinter printer;

    private TerminalReceiver(HttpEndpoint endpoint, EventPrinter printer) {
        this.endpoint = endpoint;
        this.printer = printer;
    }

    static TerminalReceiver start(EventPrinter printer) throws IOException {
        HttpEndpoint endpoint = HttpEndpoint.create("quickstart-receiver",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        TerminalReceiver receiver = new TerminalReceiver(endpoint, printer);
        endpoint.route("/", receiver::receive);
        endpoint.start();
        return receiver;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/");
    }

    private void receive(HttpCall call) throws Exception {
        CloudEvent event;
        try {
            event = HttpMessageFactory.createReader(call.headers(), call.body(MAX_BODY)).toEvent();
        } catch (RuntimeException e) {
            printer.note("the receiver got a request that is not a CloudEvent: " + e.getMessage());
            call.replyText(400, "not a CloudEvent: " + e.getMessage());
            return;
        }
        printer.event(event);
        call.replyEmpty(202);
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
