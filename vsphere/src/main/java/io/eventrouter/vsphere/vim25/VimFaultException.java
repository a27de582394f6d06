package io.eventrouter.vsphere.vim25;

/**
 * A SOAP fault from vCenter. {@link #faultType()} is the vim25 fault class (e.g. {@code InvalidArgument}); the
 * faults the provider reacts to have their own subclasses.
 */
public sealed class VimFaultException extends VimException
        permits InvalidLoginException, NotAuthenticatedException, ManagedObjectNotFoundException {

    private final String faultType;

    public VimFaultException(String faultType, String message) {
        super(faultType + (message == null || message.isBlank() ? "" : ": " + message), null);
        this.faultType = faultType;
    }

    public String faultType() {
        return faultType;
    }

    /** The exception for a fault of {@code faultType} with vCenter's {@code faultstring}. */
    static VimFaultException of(String faultType, String message) {
        return switch (faultType) {
            case "InvalidLogin" -> new InvalidLoginException(message);
            case "NotAuthenticated" -> new NotAuthenticatedException(message);
            case "ManagedObjectNotFound" -> new ManagedObjectNotFoundException(message);
            default -> new VimFaultException(faultType, message);
        };
    }
}
