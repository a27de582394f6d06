package io.eventrouter.vsphere.events;

/** An event element that cannot be turned into an event (no key, a malformed number or time). */
public final class EventConversionException extends Exception {

    public EventConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
