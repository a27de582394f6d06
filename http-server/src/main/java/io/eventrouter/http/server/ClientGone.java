package io.eventrouter.http.server;

import org.eclipse.jetty.io.EofException;

import java.nio.channels.ClosedChannelException;

/** Tells a failure caused by the client closing its connection from one of the server's own. */
final class ClientGone {

    private ClientGone() {
    }

    static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EofException || cause instanceof ClosedChannelException) {
                return true;
            }
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Broken pipe") || message.contains("Connection reset")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
