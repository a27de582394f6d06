package io.eventrouter.knative;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The Kubernetes API server's part in OIDC: signs service account tokens (RS256, its issuer, the audiences asked
 * for), and the sink's part: verifies them with nimbus-jose-jwt against the issuer's public key, as a Knative
 * component does with the cluster's OIDC discovery keys.
 */
public final class TokenIssuer {

    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

    private final RSAKey key;

    public TokenIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token as the TokenRequest API issues it; {@code expires} may be in the past. */
    public String sign(String namespace, String serviceAccount, List<String> audiences, Instant issued,
                       Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(audiences)
                .subject("system:serviceaccount:" + namespace + ":" + serviceAccount)
                .issueTime(Date.from(issued)).notBeforeTime(Date.from(issued)).expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString()).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for {@code audience} signed by another key (a forged one). */
    public static String forged(String audience) {
        TokenIssuer other = new TokenIssuer();
        Instant now = Instant.now();
        return other.sign("vmware-functions", "router", List.of(audience), now, now.plus(Duration.ofHours(1)));
    }

    /**
     * Verifies {@code authorization} (the whole header) as a sink for {@code audience} would: an RS256 signature by
     * this issuer's key, the issuer, the audience, a subject, and the expiry (nimbus allows a minute of skew).
     *
     * @return the verified claims
     * @throws SecurityException with the reason when the header is missing or the token is not acceptable
     */
    public JWTClaimsSet verify(String authorization, String audience) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new SecurityException("no bearer token");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "exp", "iat")));
        try {
            return processor.process(authorization.substring("Bearer ".length()), null);
        } catch (ParseException | JOSEException | com.nimbusds.jose.proc.BadJOSEException e) {
            throw new SecurityException(e.getMessage(), e);
        }
    }
}
