package io.eventrouter.http.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes that never block: the body read as it arrives, the answer given later from another thread. */
class NonBlockingRouteTest {

    private static final int LIMIT = 64 * 1024;

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicBoolean ranOnVirtualThread = new AtomicBoolean();
    private HttpEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        NonBlockingRoute echoLength = call -> {
            ranOnVirtualThread.compareAndSet(false, Thread.currentThread().isVirtual());
            if (call.header("X-Refuse") != null) {
                call.replyText(403, "refused before reading");
                return;
            }
            call.readBody(LIMIT, (body, failure) -> {
                if (failure instanceof HttpCall.BodyTooLargeException) {
                    reply(call, 413, failure.getMessage());
                    return;
                }
                // answered later, from a thread that is not the server's
                CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)
                        .execute(() -> reply(call, 200, body.length + " bytes"));
            });
        };
        endpoint = HttpEndpoint.create("test", new java.net.InetSocketAddress("127.0.0.1", 0))
                .route("/length", echoLength);
        endpoint.start();
    }

    private static void reply(HttpCall call, int status, String text) {
        try {
            call.replyText(status, text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        endpoint.close();
        client.close();
    }

    @Test
    void aBodyOfDeclaredLengthOrChunkedIsReadWholeAndAnsweredLaterWithoutAThreadPerCall() throws Exception {
        byte[] body = new byte[40_000];
        assertThat(post(HttpRequest.BodyPublishers.ofByteArray(body), false).body()).isEqualTo("40000 bytes\n");
        // an input stream of unknown length goes chunked
        HttpResponse<String> chunked = post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body)), false);
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo("40000 bytes\n");
        assertThat(ranOnVirtualThread).as("handled on the I/O thread, not a thread of its own").isFalse();
    }

    @Test
    void aBodyOverTheLimitIs413DeclaredOrChunked() throws Exception {
        byte[] body = new byte[LIMIT + 1];
        HttpResponse<String> declared = post(HttpRequest.BodyPublishers.ofByteArray(body), false);
        assertThat(declared.statusCode()).isEqualTo(413);
        HttpResponse<String> chunked = post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body)), false);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Connection")).contains("close");
    }

    @Test
    void anAnswerBeforeTheBodyWasReadDrainsItAndTheServerKeepsServing() throws Exception {
        HttpResponse<String> refused = post(HttpRequest.BodyPublishers.ofByteArray(new byte[10_000]), true);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Connection")).as("a drained body keeps the connection").isEmpty();
        assertThat(post(HttpRequest.BodyPublishers.ofByteArray(new byte[3]), false).body()).isEqualTo("3 bytes\n");
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body, boolean refuse) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/length")).POST(body);
        if (refuse) {
            request.header("X-Refuse", "yes");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
