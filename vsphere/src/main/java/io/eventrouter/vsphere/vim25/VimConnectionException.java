package io.eventrouter.vsphere.vim25;

/** vCenter could not be reached, refused the TLS handshake, timed out, or answered with an HTTP error page. */
public final class VimConnectionException extends VimException {

    public VimConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
