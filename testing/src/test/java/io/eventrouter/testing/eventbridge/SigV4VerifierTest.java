package io.eventrouter.testing.eventbridge;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The test endpoint's verifier checked against AWS's published "get-vanilla" Signature V4 example. */
class SigV4VerifierTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
            + "aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    private final SigV4Verifier verifier = new SigV4Verifier(Map.of("AKIDEXAMPLE", SECRET), "us-east-1", "service");

    private static Map<String, List<String>> headers(String authorization) {
        return Map.of("Host", List.of("example.amazonaws.com"), "X-Amz-Date", List.of("20150830T123600Z"),
                "Authorization", List.of(authorization));
    }

    @Test
    void acceptsTheReferenceSignature() {
        assertThat(verifier.verify("GET", "/", null, headers(AUTHORIZATION), new byte[0], SIGNED_AT)).isNull();
    }

    @Test
    void refusesAnotherSecretATamperedRequestAndAnOldSignature() {
        SigV4Verifier otherSecret = new SigV4Verifier(Map.of("AKIDEXAMPLE", "not-the-secret"), "us-east-1", "service");
        assertThat(otherSecret.verify("GET", "/", null, headers(AUTHORIZATION), new byte[0], SIGNED_AT).code())
                .isEqualTo("InvalidSignatureException");
        assertThat(verifier.verify("GET", "/", null, headers(AUTHORIZATION),
                "{}".getBytes(StandardCharsets.UTF_8), SIGNED_AT).code()).isEqualTo("InvalidSignatureException");
        assertThat(verifier.verify("POST", "/", null, headers(AUTHORIZATION), new byte[0], SIGNED_AT).code())
                .isEqualTo("InvalidSignatureException");
        assertThat(verifier.verify("GET", "/", null, headers(AUTHORIZATION), new byte[0],
                SIGNED_AT.plusSeconds(3600)).code()).isEqualTo("InvalidSignatureException");
        assertThat(verifier.verify("GET", "/", null, headers(AUTHORIZATION.replace("AKIDEXAMPLE", "AKIDOTHER")),
                new byte[0], SIGNED_AT).code()).isEqualTo("UnrecognizedClientException");
        assertThat(verifier.verify("GET", "/", null, Map.of(), new byte[0], SIGNED_AT).code())
                .isEqualTo("MissingAuthenticationTokenException");
    }
}
