package io.eventrouter.horizon;

import java.io.IOException;

/** The Horizon API answered something other than what was asked for; the message is safe to log and show. */
final class HorizonException extends IOException {

    private final int status;
    private final boolean sessionRejected;

    HorizonException(int status, String message) {
        this(status, message, false);
    }

    private HorizonException(int status, String message, boolean sessionRejected) {
        super(message);
        this.status = status;
        this.sessionRejected = sessionRejected;
    }

    /** An API call answered 401 even with a renewed token: the session is gone and a new login is due. */
    static HorizonException sessionRejected(String message) {
        return new HorizonException(401, message, true);
    }

    boolean isSessionRejected() {
        return sessionRejected;
    }

    /** The HTTP status, or 0 when the problem was not an HTTP status. */
    int status() {
        return status;
    }
}
