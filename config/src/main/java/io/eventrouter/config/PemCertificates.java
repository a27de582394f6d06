package io.eventrouter.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Certificates given inline as PEM text, as Knative's {@code CACerts} carries them. */
public final class PemCertificates {

    private PemCertificates() {
    }

    /** Every certificate of {@code pem}; at least one. */
    public static List<X509Certificate> parse(String pem) throws GeneralSecurityException {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new GeneralSecurityException("no PEM certificate found");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)))) {
            certificates.add((X509Certificate) certificate);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate found");
        }
        return certificates;
    }
}
