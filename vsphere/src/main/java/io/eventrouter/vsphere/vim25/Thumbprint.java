package io.eventrouter.vsphere.vim25;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 thumbprint of a certificate in govmomi's form: 32 bytes in hex separated by colons
 * ({@code 6F:0A:...}), compared without regard to case, as {@code openssl x509 -noout -fingerprint -sha256} prints it.
 */
public record Thumbprint(String hex) {

    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public Thumbprint {
        hex = hex.toUpperCase(Locale.ROOT);
    }

    /**
     * Reads a written thumbprint: 64 hex digits, in pairs separated by colons or not separated at all.
     *
     * @throws IllegalArgumentException saying what is wrong (a SHA-1 thumbprint is named as such)
     */
    public static Thumbprint parse(String text) {
        String written = text.strip();
        String digits = written.replace(":", "");
        boolean paired = !written.contains(":") || written.matches("(\\p{XDigit}{2}:)*\\p{XDigit}{2}");
        if (!digits.matches("\\p{XDigit}*") || !paired) {
            throw new IllegalArgumentException("must be a SHA-256 thumbprint: 32 hex bytes separated by colons, "
                    + "as `openssl x509 -noout -fingerprint -sha256` prints it");
        }
        if (digits.length() == 40) {
            throw new IllegalArgumentException("is a SHA-1 thumbprint (20 bytes); give the SHA-256 one (32 bytes), "
                    + "as `openssl x509 -noout -fingerprint -sha256` prints it");
        }
        if (digits.length() != 64) {
            throw new IllegalArgumentException("must be a SHA-256 thumbprint of 32 bytes, got " + digits.length() / 2);
        }
        return new Thumbprint(COLON_HEX.formatHex(HexFormat.of().parseHex(digits)));
    }

    /** The thumbprint of {@code certificate}'s DER encoding. */
    public static Thumbprint of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return new Thumbprint(COLON_HEX.formatHex(digest));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot take the SHA-256 of a certificate", e);
        }
    }

    @Override
    public String toString() {
        return hex;
    }
}
