package io.eventrouter.http;

import io.eventrouter.config.PemCertificates;
import io.eventrouter.spi.ConnectorTls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The certificates one destination trusts: the router's (JDK CAs and {@code certificates.rootCAs}) plus the
 * destination's Knative {@code CACerts}, which may change while a referenced object is watched. Each destination has
 * a client, so a CA given for one destination is never trusted for another.
 */
final class DestinationTrust extends X509ExtendedTrustManager {

    private final ConnectorTls base;
    private volatile X509ExtendedTrustManager current;
    private volatile String currentCaCerts;

    DestinationTrust(ConnectorTls base) {
        this.base = base;
        try {
            this.current = ClientTls.trusting(base.rootCAs(), List.of());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the trusted certificates: " + e.getMessage(), e);
        }
    }

    SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{this}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trusts {@code caCerts} (PEM, {@code null} for none) from now on, in place of the ones before.
     *
     * @throws GeneralSecurityException when they are not PEM certificates; the previous ones stay
     */
    void use(String caCerts) throws IOException, GeneralSecurityException {
        if (Objects.equals(caCerts, currentCaCerts)) {
            return;
        }
        synchronized (this) {
            if (Objects.equals(caCerts, currentCaCerts)) {
                return;
            }
            current = ClientTls.trusting(base.rootCAs(), caCerts == null ? List.of() : PemCertificates.parse(caCerts));
            currentCaCerts = caCerts;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        current.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        current.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client's certificate is never checked here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client's certificate is never checked here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client's certificate is never checked here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return current.getAcceptedIssuers();
    }
}
