package io.eventrouter.testing.eventbridge;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks AWS Signature Version 4 on a received request the way AWS does: rebuilds the canonical request from what
 * arrived (method, path, query, the headers named in SignedHeaders, the payload hash), derives the signing key from
 * the secret it knows for the access key, and compares signatures. Written from the public description of the
 * algorithm ("Create a signed AWS API request" in the IAM user guide).
 */
public final class SigV4Verifier {

    /** Why a request was refused, with the error code AWS answers for it. */
    public record Failure(String code, String message) {
    }

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final Map<String, String> secrets;
    private final String region;
    private final String service;

    public SigV4Verifier(Map<String, String> secretsByAccessKey, String region, String service) {
        this.secrets = Map.copyOf(secretsByAccessKey);
        this.region = region;
        this.service = service;
    }

    /**
     * @param headers every received header, names in any case, values in arrival order
     * @return null when the signature is valid
     */
    public Failure verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                          byte[] body, Instant now) {
        Map<String, List<String>> byName = new TreeMap<>();
        headers.forEach((name, values) -> byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        String authorization = first(byName, "authorization");
        if (authorization == null) {
            return new Failure("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Matcher auth = AUTHORIZATION.matcher(authorization);
        if (!auth.matches()) {
            return new Failure("IncompleteSignatureException", "Authorization header is malformed");
        }
        String accessKey = auth.group(1);
        String date = auth.group(2);
        String secret = secrets.get(accessKey);
        if (secret == null) {
            return new Failure("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (!auth.group(3).equals(region) || !auth.group(4).equals(service)) {
            return new Failure("InvalidSignatureException", "Credential should be scoped to a valid region and service");
        }
        String amzDate = first(byName, "x-amz-date");
        if (amzDate == null || !amzDate.startsWith(date)) {
            return new Failure("IncompleteSignatureException", "X-Amz-Date is missing or does not match the scope");
        }
        Instant signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            return new Failure("InvalidSignatureException", "Signature expired");
        }
        List<String> signed = List.of(auth.group(5).split(";"));
        if (!signed.contains("host")) {
            return new Failure("InvalidSignatureException", "host must be a signed header");
        }
        String payloadHash = hex(sha256(body));
        String declaredHash = first(byName, "x-amz-content-sha256");
        if (declaredHash != null && !declaredHash.equals("UNSIGNED-PAYLOAD") && !declaredHash.equals(payloadHash)) {
            return new Failure("InvalidSignatureException", "The provided x-amz-content-sha256 does not match");
        }
        StringBuilder canonical = new StringBuilder()
                .append(method).append('\n')
                .append(canonicalPath(rawPath)).append('\n')
                .append(canonicalQuery(rawQuery)).append('\n');
        for (String name : signed) {
            List<String> values = byName.get(name);
            if (values == null) {
                return new Failure("InvalidSignatureException", "signed header " + name + " is missing");
            }
            canonical.append(name).append(':').append(String.join(",", values.stream().map(SigV4Verifier::trimAll)
                    .toList())).append('\n');
        }
        canonical.append('\n').append(auth.group(5)).append('\n')
                .append(declaredHash != null ? declaredHash : payloadHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, toSign);
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(auth.group(6)))) {
            return new Failure("InvalidSignatureException", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return null;
    }

    /** The access key an {@code Authorization} header names (null when it is not a SigV4 one). */
    public static String accessKey(String authorization) {
        Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        return auth != null && auth.matches() ? auth.group(1) : null;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Header values: leading and trailing space removed, inner runs of spaces made one. */
    private static String trimAll(String value) {
        return value.strip().replaceAll(" +", " ");
    }

    /** Each segment of the (already encoded) path encoded once more, as AWS does for all services but S3. */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            path.append(encode(segments[i]));
        }
        return path.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            pairs.add(encode(name) + "=" + encode(value));
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    /** RFC 3986 percent-encoding: everything but unreserved characters. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
