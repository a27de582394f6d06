package io.eventrouter.http.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.HashMap;
import java.util.Map;

/** {@link HttpCall} over a Jetty request and response. */
final class JettyCall implements HttpCall {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A body left unread up to this size is read and dropped before the answer (see {@link #settleBody()}). */
    private static final long DRAIN_LIMIT = 1 << 20;
    /** How long a request body may pause; a client that announced more than it sends gets 408 after it. */
    static final Duration BODY_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final Request request;
    private final Response response;
    private final Callback callback;
    /** Called on an I/O thread: must neither wait for the body nor block when answering. */
    private final boolean nonBlocking;
    private volatile boolean answered;
    private volatile boolean bodyRead;

    JettyCall(Request request, Response response, Callback callback, boolean nonBlocking) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.nonBlocking = nonBlocking;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return Request.getPathInContext(request);
    }

    @Override
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    @Override
    public Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.putIfAbsent(field.getLowerCaseName(), field.getValue());
        }
        return headers;
    }

    @Override
    public String query() {
        return request.getHttpURI().getQuery();
    }

    @Override
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    @Override
    public byte[] body(long maxBytes) throws IOException, BodyTooLargeException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw new BodyTooLargeException(maxBytes);
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        long idleTimeout = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(Math.min(idleTimeout > 0 ? idleTimeout : Long.MAX_VALUE, BODY_IDLE_TIMEOUT.toMillis()));
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0) {
                // read into an array of the declared size: the general path below allocates 16 KiB chunks and copies
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                if (read < body.length) {
                    throw new IOException("the request body ended after " + read + " of " + declared + " bytes");
                }
                bodyRead = true;
                return body;
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
            bodyRead = true;
            return body;
        } catch (IOException e) {
            bodyRead = true; // what is left cannot be read: the answer closes the connection
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            throw incomplete(e, declared);
        } finally {
            endPoint.setIdleTimeout(idleTimeout);
        }
    }

    @Override
    public void readBody(long maxBytes, BodyConsumer then) {
        long declared = request.getLength();
        if (declared > maxBytes) {
            then.accept(null, new BodyTooLargeException(maxBytes));
            return;
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        long idleTimeout = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(Math.min(idleTimeout > 0 ? idleTimeout : Long.MAX_VALUE, BODY_IDLE_TIMEOUT.toMillis()));
        BodyReader.read(request, maxBytes, (body, failure) -> {
            endPoint.setIdleTimeout(idleTimeout);
            bodyRead = true;
            if (failure == null) {
                then.accept(body, null);
                return;
            }
            // what is left cannot be read: the answer closes the connection
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            then.accept(null, failure instanceof BodyTooLargeException tooLarge ? tooLarge : incomplete(failure, declared));
        });
    }

    private static IncompleteBodyException incomplete(Throwable e, long declared) {
        String announced = declared >= 0 ? "Content-Length " + declared : "its chunked encoding";
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return new IncompleteBodyException(408, "the request body stopped arriving for "
                        + BODY_IDLE_TIMEOUT.toSeconds() + " s before the end announced by " + announced);
            }
        }
        return new IncompleteBodyException(400, "the request body ended before the end announced by " + announced);
    }

    @Override
    public void onClientGone(Runnable action) {
        request.addFailureListener(failure -> action.run());
    }

    @Override
    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /**
     * An answer given before the request body was read (404, 405, 401, 413, ...): closing a connection with unread
     * bytes makes TCP reset it, which can destroy the answer before the client reads it. So a small body is read
     * and dropped first; a large or unknown one gets {@code Connection: close}, so the client does not reuse it.
     */
    private void settleBody() {
        if (bodyRead) {
            return;
        }
        long length = request.getLength();
        if (length == 0 || (length < 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
            return;
        }
        if (!nonBlocking && length > 0 && length <= DRAIN_LIMIT) {
            try {
                Content.Source.consumeAll(request);
                bodyRead = true;
                return;
            } catch (IOException e) {
                // the client went away or sent less than it declared: close below
            }
        }
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    @Override
    public void reply(int status, String contentType, byte[] body) throws IOException {
        answer();
        if (nonBlocking && needsDraining()) {
            // as settleBody, with the body read as it arrives rather than by a waiting thread
            readBody(DRAIN_LIMIT, (ignored, failure) -> write(status, contentType, body));
            return;
        }
        settleBody();
        write(status, contentType, body);
    }

    /** Whether a body is left unread that is small enough to read and drop before the answer. */
    private boolean needsDraining() {
        long length = request.getLength();
        return !bodyRead && length > 0 && length <= DRAIN_LIMIT;
    }

    private void write(int status, String contentType, byte[] body) {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        if (body.length == 0 || method().equals("HEAD")) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length == 0 ? 0 : body.length);
            callback.succeeded();
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public void replyJson(int status, JsonNode body) throws IOException {
        reply(status, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    }

    @Override
    public OutputStream openStream(int status, String contentType) throws IOException {
        answer();
        settleBody();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        OutputStream out = Content.Sink.asOutputStream(response);
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                try {
                    out.close();
                    callback.succeeded();
                } catch (IOException e) {
                    callback.failed(e);
                    throw e;
                }
            }
        };
    }

    private void answer() {
        if (answered) {
            throw new IllegalStateException("already answered");
        }
        answered = true;
    }

    boolean answered() {
        return answered;
    }

    /** Ends a call whose handler failed or forgot to answer. */
    void fail(int status, String text) {
        if (answered) {
            callback.failed(new IOException(text));
            return;
        }
        try {
            replyText(status, text);
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }
}
