package io.eventrouter.app.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reads a Server-Sent Events stream into frames on a background thread, for tests. */
final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Frame(String id, String event, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        long seq() {
            return json().path("seq").asLong();
        }
    }

    private final HttpClient http;
    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final int status;

    private SseClient(HttpClient http, HttpResponse<InputStream> response) {
        this.http = http;
        this.response = response;
        this.status = response.statusCode();
        Thread.ofVirtual().start(() -> read(response));
    }

    static SseClient open(URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpClient http = HttpClient.newHttpClient();
        return new SseClient(http, http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    private void read(HttpResponse<InputStream> response) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (event != null) {
                        frames.add(new Frame(id, event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // closed by the test or the server
        }
    }

    /** The next frame, failing the test after {@code wait}. */
    Frame next(Duration wait) throws InterruptedException {
        Frame frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no SSE frame within " + wait);
        }
        return frame;
    }

    /** Frames up to and including the first that matches, failing after {@code wait}. */
    List<Frame> until(Predicate<Frame> last, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Frame> seen = new ArrayList<>();
        while (true) {
            Frame frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no matching SSE frame within " + wait + "; saw " + seen);
            }
            seen.add(frame);
            if (last.test(frame)) {
                return seen;
            }
        }
    }

    /** Frames that arrive within {@code quiet}. */
    List<Frame> drain(Duration quiet) throws InterruptedException {
        List<Frame> seen = new ArrayList<>();
        for (Frame frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS); frame != null;
             frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) {
            seen.add(frame);
        }
        return seen;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already closed
        }
        http.shutdownNow();
    }
}
