package io.eventrouter.vsphere.vim25;

/** The response was not well-formed vim25 SOAP (malformed XML, a DTD, a missing element). */
public final class VimProtocolException extends VimException {

    public VimProtocolException(String message) {
        super(message, null);
    }

    public VimProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
