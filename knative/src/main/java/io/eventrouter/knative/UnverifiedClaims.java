package io.eventrouter.knative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;

/**
 * The claims of a JWT the router holds itself (its own service account token), read without checking the signature:
 * only to learn whose token it is. The destination verifies the tokens it receives.
 */
final class UnverifiedClaims {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UnverifiedClaims() {
    }

    /** The payload's claims, or an empty object when {@code token} is not a JWT. */
    static JsonNode of(String token) {
        String[] parts = token == null ? new String[0] : token.strip().split("\\.");
        if (parts.length != 3) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return JSON.createObjectNode();
        }
    }
}
