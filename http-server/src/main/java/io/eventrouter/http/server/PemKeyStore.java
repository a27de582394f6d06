package io.eventrouter.http.server;

import io.eventrouter.http.ClientTls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds an in-memory key store from a PEM certificate chain and a PEM private key. */
public final class PemKeyStore {

    static final char[] PASSWORD = new char[0];
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private PemKeyStore() {
    }

    static KeyStore load(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        Certificate[] chain = ClientTls.readCertificates(certFile).toArray(Certificate[]::new);
        PrivateKey key = readKey(Files.readString(keyFile));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, PASSWORD, chain);
        return store;
    }

    /** Reads the private key of a PEM file (the configuration checks it when it is loaded). */
    public static PrivateKey readKey(Path keyFile) throws IOException, GeneralSecurityException {
        return readKey(Files.readString(keyFile));
    }

    private static PrivateKey readKey(String pem) throws GeneralSecurityException {
        Matcher block = BLOCK.matcher(pem);
        if (!block.find()) {
            throw new GeneralSecurityException("no PEM private key found");
        }
        byte[] der = Base64.getMimeDecoder().decode(block.group(2));
        return switch (block.group(1)) {
            case "PRIVATE KEY" -> pkcs8(der);
            case "RSA PRIVATE KEY" -> pkcs8(rsaPkcs1ToPkcs8(der));
            default -> throw new GeneralSecurityException("unsupported key format " + block.group(1)
                    + " (convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem)");
        };
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : new String[]{"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unreadable private key", last);
    }

    /** Wraps a PKCS#1 RSAPrivateKey in the PKCS#8 PrivateKeyInfo structure (version, rsaEncryption, octet string). */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        byte[] length;
        if (content.length < 128) {
            length = new byte[]{(byte) content.length};
        } else {
            byte[] digits = BigInteger.valueOf(content.length).toByteArray();
            int start = digits[0] == 0 ? 1 : 0;
            length = new byte[digits.length - start + 1];
            length[0] = (byte) (0x80 | (digits.length - start));
            System.arraycopy(digits, start, length, 1, digits.length - start);
        }
        byte[] out = new byte[1 + length.length + content.length];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, content.length);
        return out;
    }
}
