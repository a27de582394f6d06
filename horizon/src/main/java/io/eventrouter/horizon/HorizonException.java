package io.eventrouter.horizon;

import java.io.IOException;

/** The Horizon API answered something other than what was asked for; the message is safe to log and show. */
final class HorizonException extends IOException {

    private final int status;

    HorizonException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the problem was not an HTTP status. */
    int status() {
        return status;
    }
}
