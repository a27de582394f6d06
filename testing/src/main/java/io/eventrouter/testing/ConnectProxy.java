package io.eventrouter.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy that only tunnels: a real TCP server on 127.0.0.1 that answers {@code CONNECT host:port} by
 * connecting there and copying bytes both ways (so TLS runs end to end through it), as the forward proxies in front
 * of many data centres do. With credentials set it wants {@code Proxy-Authorization: Basic ...} and answers 407
 * without it or with wrong ones. It counts the tunnels it opened and where to.
 */
public final class ConnectProxy implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final ServerSocket server;
    private final String expectedAuthorization;
    private final List<String> tunnels = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private ConnectProxy(int port, String username, String password) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.expectedAuthorization = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.acceptor = Thread.ofVirtual().name("connect-proxy-" + server.getLocalPort()).start(this::accept);
    }

    /** A proxy on a free port that asks for no credentials. */
    public static ConnectProxy start() throws IOException {
        return new ConnectProxy(0, null, null);
    }

    /** A proxy on a free port that wants these credentials (Basic). */
    public static ConnectProxy requiring(String username, String password) throws IOException {
        return new ConnectProxy(0, username, password);
    }

    /** A proxy on {@code port}, e.g. the port of one that was closed, to bring it back (credentials as given). */
    public static ConnectProxy startOn(int port, String username, String password) throws IOException {
        return new ConnectProxy(port, username, password);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Tunnels opened so far. */
    public int tunnels() {
        return tunnels.size();
    }

    /** Where each tunnel went ({@code host:port}), in order. */
    public List<String> tunnelTargets() {
        return List.copyOf(tunnels);
    }

    /** CONNECT requests answered 407 (no or wrong credentials). */
    public int refused() {
        return refused.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().name("connect-proxy-client").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] requestLine = head.getFirst().split(" ");
            if (requestLine.length != 3 || !requestLine[0].equals("CONNECT")) {
                reply(out, "405 Method Not Allowed", "Allow: CONNECT");
                return;
            }
            if (expectedAuthorization != null && !expectedAuthorization.equals(header(head, "proxy-authorization"))) {
                refused.incrementAndGet();
                reply(out, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"test-proxy\"");
                return;
            }
            String target = requestLine[1];
            int colon = target.lastIndexOf(':');
            Socket upstream;
            try {
                upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
            } catch (IOException | RuntimeException e) {
                reply(out, "502 Bad Gateway", null);
                return;
            }
            open.add(upstream);
            try (upstream) {
                tunnels.add(target);
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
                copy(client, upstream);
                back.join();
            } finally {
                open.remove(upstream);
            }
        } catch (IOException ignored) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    /** Copies until {@code from} ends, then ends the sending side of {@code to}. */
    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // either side closed: the other copy ends too
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            bytes.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (bytes.size() > MAX_HEADER_BYTES) {
                throw new IOException("request head too long");
            }
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1).strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\r\n"));
    }

    private static String header(List<String> head, String name) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static void reply(OutputStream out, String status, String header) throws IOException {
        String response = "HTTP/1.1 " + status + "\r\n" + (header == null ? "" : header + "\r\n")
                + "Content-Length: 0\r\nConnection: close\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Stops listening and cuts every open tunnel, as a proxy that goes down does. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : List.copyOf(open)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
