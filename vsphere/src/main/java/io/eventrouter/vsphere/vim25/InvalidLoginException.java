package io.eventrouter.vsphere.vim25;

/** vCenter rejected the user name or password. Retrying only helps once the credentials are fixed. */
public final class InvalidLoginException extends VimFaultException {

    public InvalidLoginException(String message) {
        super("InvalidLogin", message);
    }
}
