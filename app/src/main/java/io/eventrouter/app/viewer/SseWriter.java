package io.eventrouter.app.viewer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes Server-Sent Events frames; the JSON given is one line (Jackson escapes line breaks in strings). */
final class SseWriter {

    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    /** A frame; {@code id} may be {@code null} (status frames keep the browser's last event id). */
    void frame(String id, String event, String json) throws IOException {
        StringBuilder frame = new StringBuilder(json.length() + 64);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ").append(event).append('\n').append("data: ").append(json).append("\n\n");
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A comment line, which browsers ignore: keeps proxies and idle timeouts from closing a quiet stream. */
    void comment(String text) throws IOException {
        out.write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** How long the browser waits before reconnecting after the stream broke. */
    void retry(long millis) throws IOException {
        out.write(("retry: " + millis + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    void flush() throws IOException {
        out.flush();
    }
}
