package io.eventrouter.testing.vcsim;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made with the JDK's keytool and written as PEM files
 * that vcsim's {@code -tlscert/-tlskey} read, and as the PKCS#12 key store keytool made (for servers in the JVM).
 * The certificate doubles as the root CA a client must trust.
 */
public record TestCertificate(Path certificatePem, Path privateKeyPem, Path keyStore) {

    private static final String PASSWORD = "changeit";

    public static TestCertificate selfSigned(Path directory) throws IOException, InterruptedException {
        Path keystore = directory.resolve("server.p12");
        Files.deleteIfExists(keystore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder builder = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        Govc.ProcessOutput.run(builder, 60, "keytool");
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Certificate certificate = store.getCertificate("server");
            Key key = store.getKey("server", PASSWORD.toCharArray());
            Path certificatePem = directory.resolve("server.crt");
            Path keyPem = directory.resolve("server.key");
            Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
            return new TestCertificate(certificatePem, keyPem, keystore);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the generated key pair", e);
        }
    }

    /** TLS for a server of the test's own (e.g. {@code LocalHorizon}) presenting this certificate. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /**
     * Writes a PKCS#12 trust store holding only this certificate, for a client JVM's {@code javax.net.ssl.trustStore}
     * (password {@link #trustStorePassword()}): the way to trust a CA without configuring the client itself.
     */
    public Path writeTrustStore(Path file) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem)) {
            trust.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    public static String trustStorePassword() {
        return PASSWORD;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
