package io.eventrouter.vsphere.vim25;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds the proxy credentials to the CONNECT request. The JDK's HTTP client never sends Basic credentials on a
 * CONNECT (the JVM-wide {@code jdk.http.auth.tunneling.disabledSchemes} default, read once per JVM), so for a proxy
 * with credentials the client talks to this relay instead: it listens on the loopback interface only, accepts a
 * CONNECT to vCenter and nothing else, repeats it to the real proxy with {@code Proxy-Authorization}, passes the
 * proxy's answer back and, once the tunnel is open, copies bytes both ways (TLS with vCenter stays end to end).
 */
final class ProxyCredentialsRelay implements AutoCloseable {

    private static final int MAX_HEAD_BYTES = 16 * 1024;

    private final HttpProxy proxy;
    private final String vCenterAuthority;
    private final int connectTimeoutMillis;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private ProxyCredentialsRelay(HttpProxy proxy, String vCenterAuthority, int connectTimeoutMillis)
            throws IOException {
        this.proxy = proxy;
        this.vCenterAuthority = vCenterAuthority;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("vcenter-proxy-relay").start(this::accept);
    }

    /** @param vCenterAuthority the only {@code host:port} a CONNECT may name */
    static ProxyCredentialsRelay start(HttpProxy proxy, String vCenterAuthority, int connectTimeoutMillis)
            throws IOException {
        return new ProxyCredentialsRelay(proxy, vCenterAuthority, connectTimeoutMillis);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread.ofVirtual().name("vcenter-proxy-tunnel").start(() -> relay(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client) {
        try (client) {
            List<String> request = readHead(client.getInputStream());
            String[] line = request.isEmpty() ? new String[0] : request.getFirst().split(" ");
            if (line.length != 3 || !line[0].equals("CONNECT") || !line[1].equalsIgnoreCase(vCenterAuthority)) {
                reply(client.getOutputStream(), "HTTP/1.1 403 Forbidden");
                return;
            }
            try (Socket upstream = new Socket()) {
                open.add(upstream);
                try {
                    upstream.connect(new InetSocketAddress(proxy.host(), proxy.port()), connectTimeoutMillis);
                } catch (IOException e) {
                    reply(client.getOutputStream(), "HTTP/1.1 502 Bad Gateway");
                    return;
                }
                String connect = "CONNECT " + line[1] + " HTTP/1.1\r\nHost: " + line[1] + "\r\nProxy-Authorization: "
                        + proxy.authorization() + "\r\n\r\n";
                upstream.getOutputStream().write(connect.getBytes(StandardCharsets.ISO_8859_1));
                upstream.getOutputStream().flush();
                List<String> answer = readHead(upstream.getInputStream());
                String status = answer.isEmpty() ? "HTTP/1.1 502 Bad Gateway" : answer.getFirst();
                String[] parts = status.split(" ", 3);
                if (parts.length < 2 || !parts[1].equals("200")) {
                    reply(client.getOutputStream(), status);
                    return;
                }
                reply(client.getOutputStream(), "HTTP/1.1 200 Connection established");
                Thread back = Thread.ofVirtual().start(() -> copy(upstream, client));
                copy(client, upstream);
                back.join();
            } finally {
                open.removeIf(Socket::isClosed);
            }
        } catch (IOException ignored) {
            // either side went away: the client sees a failed call and reconnects
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed: the other copy ends as well
        }
    }

    private static void reply(OutputStream out, String statusLine) throws IOException {
        boolean established = statusLine.contains(" 200 ");
        out.write((statusLine + "\r\n" + (established ? "" : "Content-Length: 0\r\nConnection: close\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The request or status line and headers, up to the blank line (the body, if any, is left unread). */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            bytes.write(b);
            boolean next = b == '\r' ? matched % 2 == 0 : b == '\n' && matched % 2 == 1;
            matched = next ? matched + 1 : (b == '\r' ? 1 : 0);
            if (bytes.size() > MAX_HEAD_BYTES) {
                throw new IOException("head too long");
            }
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1).strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\r\n"));
    }

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
    }
}
