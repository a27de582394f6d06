package io.eventrouter.http.server;

/**
 * A route whose handler never blocks: it runs on the server's I/O thread, reads the body with
 * {@link HttpCall#readBody} and may answer later, from any thread. An endpoint whose routes are all non-blocking
 * handles a call without a thread of its own, which saves a hand-off per request on a hot path (the webhook).
 */
public interface NonBlockingRoute extends HttpRoute {
}
