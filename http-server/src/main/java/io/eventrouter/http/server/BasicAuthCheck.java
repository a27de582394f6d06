package io.eventrouter.http.server;

import io.eventrouter.config.BasicAuth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks HTTP basic credentials in constant time: both sides are hashed with SHA-256 first, so neither the length
 * nor the content of the expected credentials leaks through timing.
 */
public final class BasicAuthCheck {

    private final byte[] expectedUser;
    private final byte[] expectedPassword;

    public BasicAuthCheck(BasicAuth credentials) {
        this.expectedUser = sha256(credentials.username());
        this.expectedPassword = sha256(credentials.password().reveal());
    }

    public boolean allows(HttpCall call) {
        String header = call.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user = MessageDigest.isEqual(expectedUser, sha256(decoded.substring(0, colon)));
        boolean password = MessageDigest.isEqual(expectedPassword, sha256(decoded.substring(colon + 1)));
        return user & password;
    }

    /** Answers 401 with the challenge the original sent. */
    public static void challenge(HttpCall call) throws IOException {
        call.setHeader("WWW-Authenticate", "Basic realm=\"restricted\", charset=\"UTF-8\"");
        call.replyText(401, "invalid credentials");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
