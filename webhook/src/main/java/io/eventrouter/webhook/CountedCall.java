package io.eventrouter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrouter.http.server.HttpCall;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call that runs an action once when it is answered (or given up on), on whatever thread answers it: a post is in
 * progress until then, which with answers given from a delivery's completion is no longer when its handler returns.
 */
final class CountedCall implements HttpCall {

    private final HttpCall call;
    private final Runnable onAnswer;
    private final AtomicBoolean released = new AtomicBoolean();

    CountedCall(HttpCall call, Runnable onAnswer) {
        this.call = call;
        this.onAnswer = onAnswer;
    }

    /** Runs the action unless it ran already. */
    void release() {
        if (released.compareAndSet(false, true)) {
            onAnswer.run();
        }
    }

    @Override
    public void reply(int status, String contentType, byte[] body) throws IOException {
        try {
            call.reply(status, contentType, body);
        } finally {
            release();
        }
    }

    @Override
    public void replyJson(int status, JsonNode body) throws IOException {
        try {
            call.replyJson(status, body);
        } finally {
            release();
        }
    }

    @Override
    public OutputStream openStream(int status, String contentType) throws IOException {
        try {
            return call.openStream(status, contentType);
        } finally {
            release();
        }
    }

    @Override
    public String method() {
        return call.method();
    }

    @Override
    public String path() {
        return call.path();
    }

    @Override
    public String header(String name) {
        return call.header(name);
    }

    @Override
    public Map<String, String> headers() {
        return call.headers();
    }

    @Override
    public String query() {
        return call.query();
    }

    @Override
    public String remoteAddress() {
        return call.remoteAddress();
    }

    @Override
    public byte[] body(long maxBytes) throws IOException, BodyTooLargeException {
        return call.body(maxBytes);
    }

    @Override
    public void readBody(long maxBytes, BodyConsumer then) {
        call.readBody(maxBytes, then);
    }

    @Override
    public void setHeader(String name, String value) {
        call.setHeader(name, value);
    }

    @Override
    public void onClientGone(Runnable action) {
        call.onClientGone(action);
    }
}
