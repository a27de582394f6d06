package io.eventrouter.http;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** JDK HTTP servers that run each exchange on its own virtual thread. */
public final class HttpServers {

    private HttpServers() {
    }

    /** Binds (so a taken port fails here, at start-up) but does not start. */
    public static HttpServer bind(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        return server;
    }
}
