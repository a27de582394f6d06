package io.eventrouter.vsphere.vim25;

/** vCenter showed another certificate than the one {@code thumbprint} pins: the connection was refused. */
public final class VimCertificateMismatchException extends VimException {

    private final transient PinnedCertificate.MismatchException mismatch;

    VimCertificateMismatchException(String message, PinnedCertificate.MismatchException mismatch, Throwable cause) {
        super(message, cause);
        this.mismatch = mismatch;
    }

    public Thumbprint expected() {
        return mismatch.expected();
    }

    public Thumbprint actual() {
        return mismatch.actual();
    }
}
