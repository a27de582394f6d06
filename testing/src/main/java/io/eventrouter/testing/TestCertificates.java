package io.eventrouter.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** Self-signed certificates for TLS tests, made with the openssl command line (as users make theirs). */
public final class TestCertificates {

    private static final String PASSWORD = "changeit";

    /** A certificate for 127.0.0.1/localhost, which doubles as the CA a client must trust, and its PKCS#8 key. */
    public record Pair(Path cert, Path key) {

        /** TLS for a server of the test's own (e.g. {@code LocalHorizon}) presenting this certificate. */
        public SSLContext serverContext() throws IOException, GeneralSecurityException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey(), PASSWORD.toCharArray(), new Certificate[]{certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        }

        /**
         * Writes a PKCS#12 trust store holding only this certificate, for a client JVM's
         * {@code javax.net.ssl.trustStore} (password {@link #trustStorePassword()}): the way to trust a CA without
         * configuring the client itself.
         */
        public Path writeTrustStore(Path file) throws IOException, GeneralSecurityException {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("test-ca", certificate());
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, PASSWORD.toCharArray());
            }
            return file;
        }

        private Certificate certificate() throws IOException, GeneralSecurityException {
            try (InputStream in = Files.newInputStream(cert)) {
                return CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        }

        private PrivateKey privateKey() throws IOException, GeneralSecurityException {
            String base64 = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        }
    }

    private TestCertificates() {
    }

    public static Pair selfSigned(Path dir, String name) throws IOException, InterruptedException {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + name, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString()));
        return new Pair(cert, key);
    }

    /** The same key in the traditional PKCS#1 "RSA PRIVATE KEY" form. */
    public static Path toPkcs1(Path pkcs8Key) throws IOException, InterruptedException {
        Path out = pkcs8Key.resolveSibling(pkcs8Key.getFileName() + ".pkcs1.pem");
        run(List.of("openssl", "rsa", "-traditional", "-in", pkcs8Key.toString(), "-out", out.toString()));
        return out;
    }

    public static String trustStorePassword() {
        return PASSWORD;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
