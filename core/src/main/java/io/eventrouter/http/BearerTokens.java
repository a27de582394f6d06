package io.eventrouter.http;

import java.io.IOException;

/**
 * OIDC tokens the router presents to destinations that name an audience (Knative's sender identity): {@code
 * Authorization: Bearer <token>}.
 */
public interface BearerTokens {

    /** A valid token for {@code audience}, from a cache while it is not near its expiry. */
    String token(String audience) throws IOException, InterruptedException;

    /** The destination answered 401 to {@code token}: the next {@link #token} call gets a fresh one. */
    void refused(String audience, String token);
}
