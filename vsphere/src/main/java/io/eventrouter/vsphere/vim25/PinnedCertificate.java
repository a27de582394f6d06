package io.eventrouter.vsphere.vim25;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Trust in one certificate, named by its SHA-256 thumbprint, instead of a CA (govmomi's thumbprint check): the
 * connection is accepted when the server's own (leaf) certificate has that thumbprint, whoever signed it and whatever
 * host name it names, and refused otherwise.
 */
public final class PinnedCertificate extends X509ExtendedTrustManager {

    /** The server showed another certificate than the pinned one. */
    public static final class MismatchException extends CertificateException {
        private final Thumbprint expected;
        private final Thumbprint actual;

        MismatchException(Thumbprint expected, Thumbprint actual) {
            super("the server's certificate has SHA-256 thumbprint " + actual + ", not the pinned " + expected);
            this.expected = expected;
            this.actual = actual;
        }

        public Thumbprint expected() {
            return expected;
        }

        public Thumbprint actual() {
            return actual;
        }
    }

    private final Thumbprint pinned;

    private PinnedCertificate(Thumbprint pinned) {
        this.pinned = pinned;
    }

    /** A TLS context that trusts exactly the certificate with {@code thumbprint}. */
    public static SSLContext context(Thumbprint thumbprint) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new PinnedCertificate(thumbprint)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        Thumbprint actual = Thumbprint.of(chain[0]);
        if (!actual.equals(pinned)) {
            throw new MismatchException(pinned, actual);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("not a server's trust");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("not a server's trust");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server's trust");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
