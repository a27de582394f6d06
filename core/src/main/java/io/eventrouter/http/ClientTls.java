package io.eventrouter.http;

import io.eventrouter.spi.ConnectorTls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * TLS for outgoing connections: the JDK's trusted CAs plus the PEM files of {@code certificates.rootCAs}, or no
 * verification at all where a connector is configured {@code insecureSSL: true}.
 */
public final class ClientTls implements ConnectorTls {

    private final SSLContext verifying;
    private final List<Path> rootCAs;

    private ClientTls(SSLContext verifying, List<Path> rootCAs) {
        this.verifying = verifying;
        this.rootCAs = List.copyOf(rootCAs);
    }

    public static ClientTls withRootCAs(List<Path> rootCAs) throws IOException, GeneralSecurityException {
        if (rootCAs.isEmpty()) {
            return new ClientTls(SSLContext.getDefault(), rootCAs);
        }
        KeyStore trust = trustStore(rootCAs, List.of());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return new ClientTls(context, rootCAs);
    }

    /**
     * A trust manager verifying against the JDK's CAs, {@code certificates.rootCAs} and {@code extra} (a Knative
     * destination's {@code CACerts}, trusted for that destination only). Host names are checked as usual.
     */
    public X509ExtendedTrustManager trusting(List<X509Certificate> extra) throws IOException, GeneralSecurityException {
        return trusting(rootCAs, extra);
    }

    /** As {@link #trusting(List)}, for any connector's {@code rootCAs}. */
    public static X509ExtendedTrustManager trusting(List<Path> rootCAs, List<X509Certificate> extra)
            throws IOException, GeneralSecurityException {
        KeyStore trust = trustStore(rootCAs, extra);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** The JDK's CAs, then {@code rootCAs}' certificates, then {@code extra} (one destination's CAs). */
    private static KeyStore trustStore(List<Path> rootCAs, List<X509Certificate> extra)
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int index = 0;
        for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
            trust.setCertificateEntry("default-" + index++, ca);
        }
        for (Path file : rootCAs) {
            for (Certificate certificate : readCertificates(file)) {
                trust.setCertificateEntry("custom-" + index++, certificate);
            }
        }
        for (X509Certificate certificate : extra) {
            trust.setCertificateEntry("destination-" + index++, certificate);
        }
        return trust;
    }

    public static ClientTls systemDefault() {
        try {
            return new ClientTls(SSLContext.getDefault(), List.of());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SSLContext context(boolean insecure) {
        return insecure ? ConnectorTls.trustingAll() : verifying;
    }

    @Override
    public List<Path> rootCAs() {
        return rootCAs;
    }

    /** Reads every certificate of a PEM (or DER) file. */
    public static Collection<? extends Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + file);
            }
            return new ArrayList<>(certificates);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no default X509 trust manager");
    }
}
