package io.eventrouter.http.server;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a request body into one array as its chunks arrive, without a thread waiting for them: each time no chunk is
 * ready it asks to be called again when one is. An array of the declared length when there is one.
 */
final class BodyReader implements Invocable.Task {

    /** Gets the body or why there is none; called once. */
    interface Done {
        void read(byte[] body, Throwable failure);
    }

    private final Request request;
    private final long maxBytes;
    private final Done done;
    private byte[] body;
    private int length;

    private BodyReader(Request request, long maxBytes, Done done) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.done = done;
        long declared = request.getLength();
        this.body = new byte[declared >= 0 ? (int) declared : 1024];
    }

    /** Starts reading; {@code done} runs on this thread or on an I/O thread, and must not block. */
    static void read(Request request, long maxBytes, Done done) {
        new BodyReader(request, maxBytes, done).run();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                done.read(null, chunk.getFailure());
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            int size = bytes.remaining();
            if (length + (long) size > maxBytes) {
                chunk.release();
                done.read(null, new HttpCall.BodyTooLargeException(maxBytes));
                return;
            }
            if (length + size > body.length) {
                if (request.getLength() >= 0) {
                    chunk.release();
                    done.read(null, new IOException("the request body is longer than its Content-Length"));
                    return;
                }
                body = Arrays.copyOf(body, (int) Math.min(maxBytes, Math.max(2L * body.length, length + size)));
            }
            bytes.get(body, length, size);
            length += size;
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                if (request.getLength() >= 0 && length < body.length) {
                    done.read(null, new IOException("the request body ended after " + length + " of "
                            + body.length + " bytes"));
                } else {
                    done.read(length == body.length ? body : Arrays.copyOf(body, length), null);
                }
                return;
            }
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
