package io.eventrouter.webhook;

/** A request the webhook refuses, with the HTTP status and the reason sent back to the sender. */
final class BadRequestException extends Exception {

    private final int status;

    BadRequestException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
