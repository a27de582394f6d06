package io.eventrouter.vsphere.vim25;

/** The session is gone (expired, logged out, vCenter restarted): log in again. */
public final class NotAuthenticatedException extends VimFaultException {

    public NotAuthenticatedException(String message) {
        super("NotAuthenticated", message);
    }
}
