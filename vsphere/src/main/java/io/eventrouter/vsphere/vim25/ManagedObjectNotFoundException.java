package io.eventrouter.vsphere.vim25;

/** The object a call named no longer exists, e.g. an event collector lost with its session. */
public final class ManagedObjectNotFoundException extends VimFaultException {

    public ManagedObjectNotFoundException(String message) {
        super("ManagedObjectNotFound", message);
    }
}
