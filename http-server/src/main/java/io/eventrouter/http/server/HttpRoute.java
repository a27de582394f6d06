package io.eventrouter.http.server;

/** Handles the calls to one path. */
@FunctionalInterface
public interface HttpRoute {

    void handle(HttpCall call) throws Exception;
}
