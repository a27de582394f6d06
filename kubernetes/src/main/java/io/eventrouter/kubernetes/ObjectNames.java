package io.eventrouter.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Kubernetes object names (DNS labels, at most 63 characters) for a provider's Lease and checkpoint ConfigMap. */
final class ObjectNames {

    private static final int MAX = 63;

    private ObjectNames() {
    }

    /**
     * {@code <prefix>-<part>}, with {@code part} lower-cased and every other character than a-z, 0-9 and '-' turned
     * into '-'. When that changed {@code part} (or the name is too long), a hash of the original is appended, so that
     * e.g. providers "vCenter" and "vcenter" never share a Lease.
     */
    static String of(String prefix, String part) {
        String cleaned = part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        String name = prefix + "-" + cleaned;
        if (cleaned.equals(part) && name.length() <= MAX) {
            return name;
        }
        String suffix = "-" + hash(part);
        String head = name.substring(0, Math.min(name.length(), MAX - suffix.length())).replaceAll("-+$", "");
        return head + suffix;
    }

    /** A ConfigMap data key for a checkpoint document: keys allow letters, digits, '-', '_' and '.'. */
    static String dataKey(String document) {
        return document.replaceAll("[^-._a-zA-Z0-9]", "_");
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
