package io.eventrouter.testing.vcsim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made with the JDK's keytool and written as PEM files
 * that vcsim's {@code -tlscert/-tlskey} read. The certificate doubles as the root CA a client must trust.
 */
public record TestCertificate(Path certificatePem, Path privateKeyPem) {

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
            return new TestCertificate(certificatePem, keyPem);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the generated key pair", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
