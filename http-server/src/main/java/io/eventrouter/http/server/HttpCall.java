package io.eventrouter.http.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * One HTTP request and its answer, in blocking style (handlers run on virtual threads), or, for a
 * {@link NonBlockingRoute}, answered from a callback. Answer exactly once with one of the {@code reply} methods or
 * {@link #openStream}.
 */
public interface HttpCall {

    String method();

    String path();

    /** A request header, or {@code null}; names are case-insensitive. */
    String header(String name);

    /** All request headers with lower-case names (first value of each). */
    Map<String, String> headers();

    /** The request's query string, or {@code null}. */
    String query();

    String remoteAddress();

    /**
     * Reads the whole body.
     *
     * @throws BodyTooLargeException when it is longer than {@code maxBytes}
     */
    byte[] body(long maxBytes) throws IOException, BodyTooLargeException;

    /**
     * Reads the whole body without blocking, for a {@link NonBlockingRoute}: {@code then} gets it, or the failure
     * ({@link BodyTooLargeException}, {@link IncompleteBodyException}), on this thread or on an I/O thread, and must
     * not block.
     */
    void readBody(long maxBytes, BodyConsumer then);

    /** Gets a body read by {@link #readBody}: either the body or the failure is {@code null}. */
    @FunctionalInterface
    interface BodyConsumer {
        void accept(byte[] body, Exception failure);
    }

    void setHeader(String name, String value);

    void reply(int status, String contentType, byte[] body) throws IOException;

    default void replyText(int status, String text) throws IOException {
        reply(status, "text/plain; charset=utf-8", (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    void replyJson(int status, JsonNode body) throws IOException;

    default void replyEmpty(int status) throws IOException {
        reply(status, null, new byte[0]);
    }

    /**
     * Runs {@code action} when the client goes away (or the call fails) while the answer is still being made, so
     * that work done only for this client can stop; at most once, on any thread. Best effort: the server notices a
     * closed connection only when it reads or writes.
     */
    default void onClientGone(Runnable action) {
    }

    /** Starts a streamed answer (e.g. Server-Sent Events); closing the stream ends the answer. */
    OutputStream openStream(int status, String contentType) throws IOException;

    /**
     * Thrown by {@link #body(long)} when the client sent less than it announced: it closed its side (400) or went
     * silent (408). The server answers it itself; handlers let it pass.
     */
    final class IncompleteBodyException extends IOException {
        private final int status;

        public IncompleteBodyException(int status, String message) {
            super(message, null);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Thrown by {@link #body(long)}. */
    final class BodyTooLargeException extends Exception {
        public BodyTooLargeException(long limit) {
            super("request body larger than " + limit + " bytes", null, false, false);
        }
    }
}
