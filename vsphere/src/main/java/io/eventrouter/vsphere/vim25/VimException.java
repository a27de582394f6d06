package io.eventrouter.vsphere.vim25;

/**
 * A vim25 call failed. The three kinds call for different reactions: a {@link VimFaultException} is vCenter's
 * answer (wrong password, expired session, object gone), a {@link VimConnectionException} means vCenter could not be
 * reached or did not answer in time, a {@link VimProtocolException} means the answer was not what vim25 promises.
 * A {@link VimCertificateMismatchException} means vCenter showed another certificate than the pinned one.
 * Messages never contain passwords or session cookies.
 */
public sealed class VimException extends Exception
        permits VimFaultException, VimConnectionException, VimProtocolException, VimCertificateMismatchException {

    VimException(String message, Throwable cause) {
        super(message, cause);
    }
}
