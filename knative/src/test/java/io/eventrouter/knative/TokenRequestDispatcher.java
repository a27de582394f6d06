package io.eventrouter.knative;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock API server plus the TokenRequest subresource ({@code POST
 * /api/v1/namespaces/<ns>/serviceaccounts/<name>/token}), answered with tokens {@link TokenIssuer} signs for the
 * audiences and lifetime asked for (or a lifetime the test imposes, e.g. already expired).
 */
public final class TokenRequestDispatcher extends KubernetesCrudDispatcher {

    private static final Pattern TOKEN_PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/?]+)/token");

    /** One TokenRequest as received. */
    public record Asked(String namespace, String serviceAccount, List<String> audiences, Long expirationSeconds) {
    }

    private final TokenIssuer issuer;
    private final Clock clock;
    private final List<Asked> asked = new CopyOnWriteArrayList<>();
    private volatile Duration imposedLifetime;
    private volatile int forbiddenStatus;

    public TokenRequestDispatcher(TokenIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    public List<Asked> asked() {
        return List.copyOf(asked);
    }

    /** Issue tokens valid for {@code lifetime} (negative: already expired) whatever is asked for. */
    public void imposeLifetime(Duration lifetime) {
        imposedLifetime = lifetime;
    }

    /** Answer TokenRequests with {@code status} (e.g. 403), 0 to issue tokens again. */
    public void refuseWith(int status) {
        forbiddenStatus = status;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher token = TOKEN_PATH.matcher(request.getPath());
        if (!"POST".equalsIgnoreCase(request.getMethod()) || !token.matches()) {
            return super.dispatch(request);
        }
        TokenRequest body = Serialization.unmarshal(request.getUtf8Body(), TokenRequest.class);
        asked.add(new Asked(token.group(1), token.group(2), body.getSpec().getAudiences(),
                body.getSpec().getExpirationSeconds()));
        if (forbiddenStatus != 0) {
            return new MockResponse().setResponseCode(forbiddenStatus).setBody("""
                    {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":%d}"""
                    .formatted(forbiddenStatus));
        }
        Instant now = clock.instant();
        Duration lifetime = imposedLifetime != null ? imposedLifetime
                : Duration.ofSeconds(body.getSpec().getExpirationSeconds() == null ? 3600
                : body.getSpec().getExpirationSeconds());
        Instant expires = now.plus(lifetime);
        body.setStatus(new TokenRequestStatusBuilder().withExpirationTimestamp(expires.toString())
                .withToken(issuer.sign(token.group(1), token.group(2), body.getSpec().getAudiences(),
                        lifetime.isNegative() ? expires.minus(Duration.ofMinutes(1)) : now, expires))
                .build());
        return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(body));
    }
}
