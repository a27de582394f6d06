package io.eventrouter.app.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 over a plain socket, for requests an HTTP client refuses to make (any Host header, lying lengths). */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} as is and reads the answer until the connection closes (it asks for that). */
    static String exchange(URI server, String request) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(25_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    static String get(URI server, String pathAndQuery, String host) throws IOException {
        return exchange(server, "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }
}
